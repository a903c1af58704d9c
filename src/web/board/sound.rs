//! A board's alarms: a short tone made with Web Audio (no audio file to fetch or
//! cache), sounded when a tile whose alarm asks for it enters critical and repeated
//! at its interval while it stays there. Browsers block sound until someone has
//! clicked the page, and an unattended wall screen has no one to click: the board
//! says so plainly ("Sound is blocked: click once to allow"), and docs/deploy.md
//! gives the kiosk browser's flag that allows it.

use std::cell::RefCell;

use leptos::prelude::*;
use web_sys::{AudioContext, AudioContextState};

use super::figure_tile::Live;
use crate::board::model::Alarm;
use crate::config::Level;
use crate::web::clock::Clock;

thread_local! {
    /// One context for the page: browsers limit how many may exist.
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

fn context() -> Option<AudioContext> {
    AUDIO.with(|a| {
        let mut a = a.borrow_mut();
        if a.is_none() {
            *a = AudioContext::new().ok();
        }
        a.clone()
    })
}

/// Plays one short two-note tone; `false` when the browser keeps the context
/// suspended (no click yet, and no autoplay permission).
fn tone() -> bool {
    let Some(ctx) = context() else { return false };
    if ctx.state() != AudioContextState::Running {
        // Allowed only after a gesture, unless the browser was told otherwise.
        let _ = ctx.resume();
        return false;
    }
    let play = || -> Result<(), wasm_bindgen::JsValue> {
        let t = ctx.current_time();
        for (i, hz) in [880.0_f32, 660.0].into_iter().enumerate() {
            let start = t + 0.25 * i as f64;
            let osc = ctx.create_oscillator()?;
            let gain = ctx.create_gain()?;
            osc.frequency().set_value(hz);
            // A soft attack and release: a click-free beep, not a square edge.
            gain.gain().set_value_at_time(0.0, start)?;
            gain.gain().linear_ramp_to_value_at_time(0.25, start + 0.02)?;
            gain.gain().linear_ramp_to_value_at_time(0.0, start + 0.22)?;
            osc.connect_with_audio_node(&gain)?;
            gain.connect_with_audio_node(&ctx.destination())?;
            osc.start_with_when(start)?;
            osc.stop_with_when(start + 0.24)?;
        }
        Ok(())
    };
    play().is_ok()
}

/// The board's alarm switches, provided to its tiles.
#[derive(Clone, Copy)]
pub struct Alarms {
    pub muted: RwSignal<bool>,
    /// A tone was due and the browser would not play it.
    pub blocked: RwSignal<bool>,
    /// Acknowledging is for a supervisor at a desk; a kiosk has no one to click.
    pub can_acknowledge: bool,
    clock: Clock,
}

impl Alarms {
    pub fn provide(clock: Clock, kiosk: bool) -> Alarms {
        let alarms = Alarms {
            muted: RwSignal::new(false),
            blocked: RwSignal::new(false),
            can_acknowledge: !kiosk,
            clock,
        };
        provide_context(alarms);
        alarms
    }

    /// Called by the "click once to allow" notice: the click is the gesture the
    /// browser waits for.
    pub fn allow(self) {
        if let Some(ctx) = context() {
            let _ = ctx.resume();
        }
        self.blocked.set(false);
    }

    /// Sounds `live`'s alarm while it is critical; returns the entry into critical
    /// acknowledged so far (a tile's button sets it), when the alarm has a sound.
    pub fn watch(self, live: Live, alarm: Alarm) -> Option<RwSignal<u32>> {
        if !alarm.sound {
            return None;
        }
        let acknowledged = RwSignal::new(0u32);
        let (muted, blocked, clock) = (self.muted, self.blocked, self.clock);
        let repeat_ms = alarm.repeat_s * 1000.0;
        // (entry sounded, when) of the last tone.
        Effect::new(move |last: Option<(u32, f64)>| {
            let entry = live.critical_entries.get();
            let sounding = live.level.get() == Level::Critical && entry > acknowledged.get() && !muted.get();
            let last = last.unwrap_or((0, f64::NEG_INFINITY));
            if !sounding {
                return last;
            }
            // Only a sounding alarm follows the clock, for its repeats.
            let now = clock.get().wall_ms;
            let due = entry != last.0 || (repeat_ms > 0.0 && now - last.1 >= repeat_ms);
            if !due {
                return last;
            }
            let played = tone();
            if blocked.get_untracked() == played {
                blocked.set(!played);
            }
            (entry, now)
        });
        Some(acknowledged)
    }
}

/// The board's sound line: blocked, muted, or nothing.
#[component]
pub fn SoundNotice(alarms: Alarms, has_sound: bool) -> impl IntoView {
    has_sound.then(|| {
        view! {
            <div class="board__sound">
                <Show when=move || alarms.blocked.get()>
                    <button type="button" class="button board__sound-blocked" data-testid="sound-blocked" on:click=move |_| alarms.allow()>
                        "Sound is blocked: click once to allow"
                    </button>
                </Show>
                <button
                    type="button"
                    class="button board__mute"
                    data-testid="board-mute"
                    aria-pressed=move || alarms.muted.get().to_string()
                    on:click=move |_| alarms.muted.update(|m| *m = !*m)
                >
                    {move || if alarms.muted.get() { "Alarms muted: unmute" } else { "Alarms on: mute" }}
                </button>
            </div>
        }
    })
}
