//! Which field each wire name fills, for the rows [`super::layout`] reads: the
//! same names and the same lenient decoders as the models' serde attributes.

use super::layout::{Fields, Value};
use crate::lenient::count::Count;
use crate::lenient::open::Open;
use crate::lenient::text::Text;
use crate::lenient::timestamp::Timestamp;
use crate::models::{PresenceUser, UserActivityRow};

impl Fields for UserActivityRow {
    const NAMES: &'static [&'static str] = &[
        "userId",
        "teamId",
        "preferredName",
        "teamName",
        "signOnTime",
        "stateId",
        "stateName",
        "stateStartTime",
        "reasonId",
        "reasonName",
        "interactionCount",
        "signOnTimeLocal",
        "stateStartTimeLocal",
        "stateDur",
        "signOnDur",
    ];

    fn set(&mut self, index: usize, value: Value<'_>) {
        match index {
            0 => self.user_id = value.read::<Text>(),
            1 => self.team_id = value.read::<Text>(),
            2 => self.preferred_name = value.read::<Text>(),
            3 => self.team_name = value.read::<Text>(),
            4 => self.sign_on_time = value.read::<Timestamp>(),
            5 => self.state_id = value.read::<Open<_>>(),
            6 => self.state_name = value.read::<Open<_>>(),
            7 => self.state_start_time = value.read::<Timestamp>(),
            8 => self.reason_id = value.read::<Text>(),
            9 => self.reason_name = value.read::<Text>(),
            10 => self.interaction_count = value.read::<Count>(),
            11 => self.sign_on_time_local = value.read::<Timestamp>(),
            12 => self.state_start_time_local = value.read::<Timestamp>(),
            13 => self.state_dur = value.read::<Count>(),
            14 => self.sign_on_dur = value.read::<Count>(),
            _ => {}
        }
    }
}

impl Fields for PresenceUser {
    const NAMES: &'static [&'static str] = &["userId", "firstName", "lastName", "ehubSessionId", "emailAddress"];

    fn set(&mut self, index: usize, value: Value<'_>) {
        match index {
            0 => self.user_id = value.read::<Text>(),
            1 => self.first_name = value.read::<Text>(),
            2 => self.last_name = value.read::<Text>(),
            3 => self.ehub_session_id = value.read::<Text>(),
            4 => self.email_address = value.read::<Text>(),
            _ => {}
        }
    }
}
