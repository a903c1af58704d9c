//! The active fault rules and the counters tests read back.

use std::collections::BTreeMap;
use std::sync::{Mutex, PoisonError};

use floorview_reporting::Endpoint;
use serde::Serialize;

use super::kind::FaultKind;
use super::spec::{FaultSpec, RuleView, Trigger};

/// A rule in force.
#[derive(Debug, Clone)]
struct Rule {
    id: u64,
    spec: FaultSpec,
    fired: u64,
}

/// Every rule and counter, shared by the endpoints and the control API.
#[derive(Debug, Default)]
pub struct Faults {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    next_id: u64,
    rules: Vec<Rule>,
    fired: BTreeMap<FaultKind, u64>,
    requests: BTreeMap<Endpoint, u64>,
    hanging: u64,
}

/// What `GET /__faults` answers.
#[derive(Debug, Clone, Serialize)]
pub struct FaultsView {
    pub rules: Vec<RuleView>,
    /// Injected faults per kind, every kind listed.
    pub counts: BTreeMap<&'static str, u64>,
    /// Requests per endpoint (faulted or not), every endpoint listed.
    pub requests: BTreeMap<&'static str, u64>,
    /// Requests held by a `hang` fault whose client is still waiting.
    pub hanging: u64,
}

/// Counts a request as hanging for as long as it lives: hyper drops it when the
/// client closes the connection, so tests can see a client give up.
pub struct Hanging<'a>(&'a Faults);

impl Drop for Hanging<'_> {
    fn drop(&mut self) {
        let mut inner = self.0.lock();
        inner.hanging = inner.hanging.saturating_sub(1);
    }
}

impl Faults {
    /// Rules in force from the start (the `--fault` flags).
    pub fn with_rules(specs: impl IntoIterator<Item = FaultSpec>) -> Faults {
        let faults = Faults::default();
        for spec in specs {
            faults.add(spec);
        }
        faults
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Adds a rule; returns its id.
    pub fn add(&self, spec: FaultSpec) -> u64 {
        let mut inner = self.lock();
        inner.next_id += 1;
        let id = inner.next_id;
        inner.rules.push(Rule { id, spec, fired: 0 });
        id
    }

    /// Removes every rule; the counters stay.
    pub fn clear(&self) {
        self.lock().rules.clear();
    }

    /// Zeroes the counters; the rules stay.
    pub fn reset_counts(&self) {
        let mut inner = self.lock();
        inner.fired.clear();
        inner.requests.clear();
    }

    /// Counts a request to `endpoint` and picks the fault it gets, if any: the
    /// first rule (oldest first) that matches and fires. A rule with a count is
    /// used up after that many faults.
    pub fn on_request(&self, endpoint: Endpoint) -> Option<FaultSpec> {
        let mut inner = self.lock();
        *inner.requests.entry(endpoint).or_default() += 1;
        let index = inner.rules.iter().position(|rule| {
            rule.spec.endpoint.is_none_or(|e| e == endpoint)
                && match rule.spec.trigger {
                    Trigger::Always => true,
                    Trigger::Count(left) => left > 0,
                    Trigger::Rate(rate) => fastrand::f64() < rate,
                }
        })?;
        let rule = &mut inner.rules[index];
        rule.fired += 1;
        let spec = rule.spec.clone();
        if let Trigger::Count(left) = &mut rule.spec.trigger {
            *left -= 1;
            if *left == 0 {
                inner.rules.remove(index);
            }
        }
        *inner.fired.entry(spec.kind).or_default() += 1;
        Some(spec)
    }

    /// Marks a request as hung until the returned guard is dropped.
    pub fn hanging(&self) -> Hanging<'_> {
        self.lock().hanging += 1;
        Hanging(self)
    }

    /// Rules and counters, for the control API.
    pub fn view(&self) -> FaultsView {
        let inner = self.lock();
        FaultsView {
            rules: inner.rules.iter().map(Rule::view).collect(),
            counts: FaultKind::ALL
                .into_iter()
                .map(|k| (k.name(), inner.fired.get(&k).copied().unwrap_or(0)))
                .collect(),
            requests: Endpoint::ALL
                .into_iter()
                .map(|e| (e.name(), inner.requests.get(&e).copied().unwrap_or(0)))
                .collect(),
            hanging: inner.hanging,
        }
    }
}

impl Rule {
    fn view(&self) -> RuleView {
        let spec = &self.spec;
        RuleView {
            id: self.id,
            kind: spec.kind.name(),
            endpoint: spec.endpoint.map_or("*", Endpoint::name),
            count: match spec.trigger {
                Trigger::Count(left) => Some(left),
                _ => None,
            },
            rate: match spec.trigger {
                Trigger::Rate(rate) => Some(rate),
                _ => None,
            },
            retry_after: spec.retry_after.clone(),
            delay_ms: spec.delay_ms,
            fired: self.fired,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(text: &str) -> FaultSpec {
        text.parse().unwrap()
    }

    #[test]
    fn a_counted_rule_fires_that_many_times_then_goes() {
        let faults = Faults::with_rules([spec("500:teamActivity:count=2")]);
        assert!(faults.on_request(Endpoint::UserActivity).is_none());
        assert!(faults.on_request(Endpoint::TeamActivity).is_some());
        assert!(faults.on_request(Endpoint::TeamActivity).is_some());
        assert!(faults.on_request(Endpoint::TeamActivity).is_none());
        let view = faults.view();
        assert!(view.rules.is_empty());
        assert_eq!(view.counts["500"], 2);
        assert_eq!(view.requests["teamActivity"], 3);
        assert_eq!(view.requests["userActivity"], 1);
    }

    #[test]
    fn rates_of_zero_and_one_are_never_and_always() {
        let faults = Faults::with_rules([spec("503:*:rate=0")]);
        assert!((0..100).all(|_| faults.on_request(Endpoint::PresenceUsers).is_none()));
        faults.clear();
        faults.add(spec("503:*:rate=1"));
        assert!((0..100).all(|_| faults.on_request(Endpoint::PresenceUsers).is_some()));
    }

    #[test]
    fn clearing_keeps_counts_and_resetting_keeps_rules() {
        let faults = Faults::with_rules([spec("401")]);
        faults.on_request(Endpoint::ListActivity);
        faults.clear();
        assert_eq!(faults.view().counts["401"], 1);
        faults.add(spec("403"));
        faults.reset_counts();
        let view = faults.view();
        assert_eq!((view.rules.len(), view.counts["401"]), (1, 0));
        assert_eq!(view.requests["listActivity"], 0);
    }
}
