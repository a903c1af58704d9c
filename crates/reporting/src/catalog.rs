//! The discovery document the proxy serves at `GET /floorview/v1/catalog`, so the
//! dashboard can offer pickers of teams, work types and contact lists.

use serde::{Deserialize, Serialize};

/// Path of the discovery endpoint on the proxy.
pub const CATALOG_PATH: &str = "/floorview/v1/catalog";

/// What the proxy knows exists in the organisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct Catalog {
    pub teams: Vec<CatalogTeam>,
    pub work_types: Vec<CatalogWorkType>,
    pub contact_lists: Vec<CatalogContactList>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CatalogTeam {
    pub team_id: String,
    pub team_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct CatalogWorkType {
    pub work_type_id: String,
    pub work_type_name: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogContactList {
    pub name: String,
}
