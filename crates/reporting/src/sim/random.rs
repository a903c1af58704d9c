//! Draws from the distributions the simulator needs, on a seeded generator.

use fastrand::Rng;

/// A seeded source of the simulator's random draws.
pub struct Draw {
    rng: Rng,
}

impl Draw {
    pub fn new(seed: u64) -> Self {
        Draw {
            rng: Rng::with_seed(seed),
        }
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        self.rng.f64() < p
    }

    /// A uniform draw in `[0, 1)`.
    pub fn unit(&mut self) -> f64 {
        self.rng.f64()
    }

    /// A whole number of seconds in `[low, high]`.
    pub fn between(&mut self, low: i64, high: i64) -> i64 {
        if high <= low {
            low
        } else {
            self.rng.i64(low..=high)
        }
    }

    /// An exponentially distributed duration with the given mean: waiting times
    /// between independent events (arrivals, patience).
    pub fn exponential(&mut self, mean: f64) -> f64 {
        -mean * (1.0 - self.rng.f64()).ln()
    }

    /// A log-normal duration with the given mean and coefficient of variation:
    /// handle times are skewed, with a long tail of long calls.
    pub fn log_normal(&mut self, mean: f64, cv: f64) -> f64 {
        let sigma2 = (1.0 + cv * cv).ln();
        let mu = mean.ln() - sigma2 / 2.0;
        (mu + sigma2.sqrt() * self.standard_normal()).exp()
    }

    /// A handle time in whole seconds, at least `min`, from a log-normal draw.
    pub fn duration(&mut self, mean: f64, cv: f64, min: i64) -> i64 {
        (self.log_normal(mean, cv).round() as i64).max(min)
    }

    fn standard_normal(&mut self) -> f64 {
        // Box–Muller: two uniforms give one normal draw.
        let u1 = 1.0 - self.rng.f64();
        let u2 = self.rng.f64();
        (-2.0 * u1.ln()).sqrt() * (std::f64::consts::TAU * u2).cos()
    }
}
