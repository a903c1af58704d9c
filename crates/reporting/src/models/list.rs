use serde::{Deserialize, Serialize};

/// `GET …/queries/listActivity/data?contactList=`: one outbound contact list's
/// progress (`CollectionListActivityResponse`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct ListActivity {
    #[serde(with = "crate::lenient::text")]
    pub kind: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub contact_list: Option<String>,
    #[serde(with = "crate::lenient::count")]
    pub records_available: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub records_attempted: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub records_in_active: Option<u32>,
    #[serde(with = "crate::lenient::count")]
    pub calls_busy: Option<u32>,
    #[serde(with = "crate::lenient::percent")]
    pub passcount_penetration: Option<f64>,
    #[serde(with = "crate::lenient::percent")]
    pub passcount_saturation: Option<f64>,
    #[serde(with = "crate::lenient::percent")]
    pub list_penetration: Option<f64>,
    #[serde(with = "crate::lenient::percent")]
    pub list_saturation: Option<f64>,
}
