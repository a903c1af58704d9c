//! The serde path for well-formed bodies: the envelope and every row read in one pass.
//!
//! The careful path ([`super::careful`]) first splits the row list into each row's raw
//! text and then parses every row again, so that one bad row costs only itself. That
//! scans every string of a 10,000-agent body twice. Almost every body the API sends is
//! well formed, so this path reads it once and gives up at the first thing it would
//! have to overlook (a row that is not an object, a row serde refuses, rows that are
//! not a list, an envelope without data). The caller then decodes the body the careful
//! way, so what comes out never depends on which path ran.
//!
//! Whenever this path succeeds the careful one would have produced the same rows: both
//! decode each row with the same `Deserialize` impl from the same text, and this one
//! is the stricter (it fails where the careful path would skip or warn).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{DeserializeOwned, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::{ListKey, RowList};

/// Reads a list body of `Row`s under `key` in one pass; `None` to fall back.
pub(super) fn read<Row: DeserializeOwned>(json: &str, key: ListKey) -> Option<RowList<Row>> {
    let (kind, total_items, rows) = match key {
        ListKey::Rows => {
            let envelope: QueryEnvelope<Row> = serde_json::from_str(json).ok()?;
            (envelope.kind, envelope.total_items, envelope.rows?)
        }
        ListKey::Users => {
            let envelope: PresenceEnvelope<Row> = serde_json::from_str(json).ok()?;
            (envelope.kind, envelope.total_items, envelope.users?)
        }
    };
    Some(RowList {
        kind,
        total_items,
        rows,
        warnings: Vec::new(),
    })
}

/// Rows read in one pass only when the body has no row needing to be overlooked: the
/// row list is absent, null, or a list of objects that all decode.
fn rows<'de, Row, D>(deserializer: D) -> Result<Option<Vec<Row>>, D::Error>
where
    Row: DeserializeOwned,
    D: Deserializer<'de>,
{
    Ok(Option::<Rows<Row>>::deserialize(deserializer)?.map(|rows| rows.0))
}

/// The `via#queryDataList` envelope, its rows decoded in place.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "Row: DeserializeOwned"))]
struct QueryEnvelope<Row> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, deserialize_with = "rows")]
    rows: Option<Vec<Row>>,
}

/// The `via#presenceDataList` envelope, its users decoded in place.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", bound(deserialize = "Row: DeserializeOwned"))]
struct PresenceEnvelope<Row> {
    #[serde(default, with = "crate::lenient::text")]
    kind: Option<String>,
    #[serde(default, with = "crate::lenient::count")]
    total_items: Option<u32>,
    #[serde(default, deserialize_with = "rows")]
    users: Option<Vec<Row>>,
}

/// A JSON list of objects; anything else is an error (so the caller falls back).
struct Rows<Row>(Vec<Row>);

impl<'de, Row: DeserializeOwned> Deserialize<'de> for Rows<Row> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RowsVisitor<Row>(PhantomData<Row>);

        impl<'de, Row: DeserializeOwned> Visitor<'de> for RowsVisitor<Row> {
            type Value = Rows<Row>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a list of rows")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut rows = Vec::new();
                while let Some(Object(row)) = seq.next_element::<Object<Row>>()? {
                    rows.push(row);
                }
                Ok(Rows(rows))
            }
        }

        deserializer.deserialize_seq(RowsVisitor(PhantomData))
    }
}

/// One row that must be a JSON object: serde would also read a struct from a list of
/// its fields in order, which the careful path refuses.
struct Object<Row>(Row);

impl<'de, Row: DeserializeOwned> Deserialize<'de> for Object<Row> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<Row>(PhantomData<Row>);

        impl<'de, Row: DeserializeOwned> Visitor<'de> for ObjectVisitor<Row> {
            type Value = Object<Row>;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                Row::deserialize(MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_any(ObjectVisitor(PhantomData))
    }
}
