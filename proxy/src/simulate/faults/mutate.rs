//! Rewrites of a real payload into the hostile variants tests need: the shape a
//! client must survive, built from what the simulator really said.

use serde_json::{Map, Value};

/// Fields holding names a person typed, which a careless page would render as HTML.
const NAME_FIELDS: &[&str] = &[
    "teamName",
    "preferredName",
    "firstName",
    "lastName",
    "workTypeName",
    "reasonName",
    "contactList",
];
/// Payloads that run script when inserted as HTML.
const HOSTILE_NAMES: [&str; 2] = [
    "<script>window.__pwned=1</script>",
    "<img src=x onerror=\"window.__pwned=1\">",
];
/// Enum fields and the values, absent from the spec, that replace them.
const UNKNOWN_ENUMS: &[(&str, &str)] = &[
    ("stateId", "lunchbreak"),
    ("stateName", "Lunch Break"),
    ("reasonId", "quantumflux"),
    ("interactionTypeId", "inboundhologram"),
    ("interactionTypeName", "Inbound Hologram"),
    ("channelTypeId", "telepathy"),
    ("channelTypeName", "Telepathy"),
];
/// Size of the `huge` fault's body.
pub const HUGE_BYTES: usize = 10 * 1024 * 1024;

/// The list of rows (or presence users) inside a payload, if it has one.
fn rows_mut(payload: &mut Value) -> Vec<&mut Map<String, Value>> {
    let Some(object) = payload.as_object_mut() else {
        return Vec::new();
    };
    if object.contains_key("rows") || object.contains_key("users") {
        object
            .iter_mut()
            .filter(|(k, _)| *k == "rows" || *k == "users")
            .filter_map(|(_, v)| v.as_array_mut())
            .flat_map(|rows| rows.iter_mut().filter_map(Value::as_object_mut))
            .collect()
    } else {
        // listActivity is a single object with no rows: it is its own row.
        vec![object]
    }
}

/// Numbers become strings, numeric strings become numbers, and every third field
/// of each row becomes `null`; `totalItems` becomes a string.
pub fn wrong_types(mut payload: Value) -> Value {
    if let Some(total) = payload.get_mut("totalItems") {
        *total = Value::String(total.to_string());
    }
    for row in rows_mut(&mut payload) {
        for (index, (key, value)) in row.iter_mut().enumerate() {
            if key == "kind" {
                continue;
            }
            *value = if index % 3 == 2 {
                Value::Null
            } else {
                match value.take() {
                    Value::Number(n) => Value::String(n.to_string()),
                    Value::String(s) => match s.parse::<u64>() {
                        Ok(n) => Value::from(n),
                        Err(_) => Value::String(s),
                    },
                    other => other,
                }
            };
        }
    }
    payload
}

/// Enum fields get values the spec does not list.
pub fn unknown_enums(mut payload: Value) -> Value {
    for row in rows_mut(&mut payload) {
        for (field, unknown) in UNKNOWN_ENUMS {
            if let Some(value) = row.get_mut(*field) {
                *value = Value::String((*unknown).to_owned());
            }
        }
    }
    payload
}

/// Name fields become markup that runs script if a page inserts it as HTML.
pub fn html_names(mut payload: Value) -> Value {
    for (index, row) in rows_mut(&mut payload).into_iter().enumerate() {
        for field in NAME_FIELDS {
            if let Some(value) = row.get_mut(*field) {
                *value = Value::String(HOSTILE_NAMES[index % 2].to_owned());
            }
        }
    }
    payload
}

/// The real payload plus an unknown field that makes it about [`HUGE_BYTES`].
pub fn huge(mut payload: Value) -> Value {
    if let Some(object) = payload.as_object_mut() {
        object.insert("floorviewPadding".into(), Value::String("x".repeat(HUGE_BYTES)));
    }
    payload
}

/// The first half of a body, cut on a character boundary.
pub fn truncated(body: &[u8]) -> Vec<u8> {
    let mut cut = body.len() / 2;
    // Continuation bytes of UTF-8 are 0b10xx_xxxx: step back to a character start.
    while cut > 0 && body[cut] & 0xC0 == 0x80 {
        cut -= 1;
    }
    body[..cut].to_vec()
}

/// Text that starts like a payload but is not JSON.
pub const MALFORMED: &str = "{\"kind\": via#queryDataList, \"rows\": [{teamId: 'sales',]}";

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wrong_types_swaps_numbers_and_strings() {
        let out = wrong_types(json!({"totalItems": 1, "rows": [{"a": 5, "b": "7", "c": "x"}]}));
        assert_eq!(out, json!({"totalItems": "1", "rows": [{"a": "5", "b": 7, "c": null}]}));
    }

    #[test]
    fn list_activity_has_no_rows_and_is_rewritten_whole() {
        let out = html_names(json!({"kind": "via#listActivity", "contactList": "Spring"}));
        assert_eq!(out["contactList"], HOSTILE_NAMES[0]);
    }

    #[test]
    fn truncation_never_splits_a_character() {
        let body = "{\"n\":\"ééééé\"}".as_bytes();
        assert!(std::str::from_utf8(&truncated(body)).is_ok());
    }
}
