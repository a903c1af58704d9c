use serde::{Deserialize, Serialize};

/// `GET …/presence/users/data?state=LoggedOn&workTypeId=`: the logged-on users.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct UsersCollection {
    #[serde(with = "crate::lenient::text")]
    pub kind: Option<String>,
    pub users: Vec<PresenceUser>,
    #[serde(with = "crate::lenient::count")]
    pub total_items: Option<u32>,
}

/// One logged-on user (`userRow`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct PresenceUser {
    #[serde(with = "crate::lenient::text")]
    pub user_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub first_name: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub last_name: Option<String>,
    /// A string in the schema, a number in the spec's example: both are accepted.
    #[serde(with = "crate::lenient::text")]
    pub ehub_session_id: Option<String>,
    #[serde(with = "crate::lenient::text")]
    pub email_address: Option<String>,
}

impl PresenceUser {
    /// "First Last", falling back to whichever part exists, else the user id.
    pub fn display_name(&self) -> String {
        let parts: Vec<&str> = [self.first_name.as_deref(), self.last_name.as_deref()]
            .into_iter()
            .flatten()
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .collect();
        if parts.is_empty() {
            self.user_id.clone().unwrap_or_default()
        } else {
            parts.join(" ")
        }
    }
}
