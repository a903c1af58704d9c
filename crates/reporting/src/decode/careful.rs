//! The careful path: every row read on its own, so one bad row costs only itself.
//!
//! The envelope is read first with each row kept as its raw text, then each row is
//! parsed from that text; a row that is not an object, or that serde refuses, is
//! skipped with a [`DecodeWarning`] saying why.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::{json_kind, parse, reject_error_body, DecodeError, DecodeWarning, ListKey, RowList};

/// Reads a list body of `Row`s under `key`.
pub(super) fn read<Row: DeserializeOwned>(json: &str, key: ListKey) -> Result<RowList<Row>, DecodeError> {
    let (kind, total_items, raw) = match key {
        ListKey::Rows => {
            let envelope: QueryEnvelope = parse(json)?;
            (envelope.kind, envelope.total_items, envelope.rows)
        }
        ListKey::Users => {
            let envelope: PresenceEnvelope = parse(json)?;
            (envelope.kind, envelope.total_items, envelope.users)
        }
    };
    if kind.is_none() && raw.is_none() {
        reject_error_body(json)?;
    }
    let mut warnings = Vec::new();
    let rows = rows_of(raw, &mut warnings);
    Ok(RowList {
        kind,
        total_items,
        rows,
        warnings,
    })
}

/// Reads each element of a JSON list on its own, so one bad row costs only itself.
fn rows_of<Row: DeserializeOwned>(raw: Option<RawRows>, warnings: &mut Vec<DecodeWarning>) -> Vec<Row> {
    let elements = match raw {
        None | Some(RawRows::Null) => return Vec::new(),
        Some(RawRows::NotAList) => {
            warnings.push(DecodeWarning::RowsNotAList);
            return Vec::new();
        }
        Some(RawRows::List(elements)) => elements,
    };
    let mut rows = Vec::with_capacity(elements.len());
    for (index, element) in elements.into_iter().enumerate() {
        let text = element.get();
        if !text.starts_with('{') {
            warnings.push(DecodeWarning::RowSkipped {
                index,
                reason: format!("expected an object, found {}", json_kind(text)),
            });
            continue;
        }
        match serde_json::from_str::<Row>(text) {
            Ok(row) => rows.push(row),
            Err(e) => warnings.push(DecodeWarning::RowSkipped {
                index,
                reason: e.to_string(),
            }),
        }
    }
    rows
}

/// A `rows`/`users` field, split into its elements' raw text in the same pass that
/// reads the envelope, so a large body is scanned once before the rows are decoded.
enum RawRows<'a> {
    List(Vec<&'a RawValue>),
    Null,
    NotAList,
}

impl<'de: 'a, 'a> Deserialize<'de> for RawRows<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RawRowsVisitor<'a>(std::marker::PhantomData<&'a ()>);

        impl<'de: 'a, 'a> serde::de::Visitor<'de> for RawRowsVisitor<'a> {
            type Value = RawRows<'a>;

            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of rows")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut elements = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(100_000));
                while let Some(element) = seq.next_element::<&'de RawValue>()? {
                    elements.push(element);
                }
                Ok(RawRows::List(elements))
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(RawRows::Null)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map
                    .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawRows::NotAList)
            }
            fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
            fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
                Ok(RawRows::NotAList)
            }
        }

        deserializer.deserialize_any(RawRowsVisitor(std::marker::PhantomData))
    }
}

/// The `via#queryDataList` envelope, its rows kept as raw text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct QueryEnvelope<'a> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, borrow)]
    rows: Option<RawRows<'a>>,
}

/// The `via#presenceDataList` envelope, its users kept as raw text.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PresenceEnvelope<'a> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, borrow)]
    users: Option<RawRows<'a>>,
}
