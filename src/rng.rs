//! The random generator and per-run stream derivation.
//!
//! Every run `i` of a Monte Carlo with seed `s` draws from its own xoshiro256++ stream,
//! seeded from `(s, i)` only, so results do not depend on the number of threads, on the
//! order in which runs finish, or on the platform (native or WebAssembly).

use rand::SeedableRng;

/// The generator used everywhere in the simulation: xoshiro256++, named by its algorithm
/// so that a dependency update cannot silently change results.
#[cfg(not(feature = "draw-count"))]
pub type SimRng = rand_xoshiro::Xoshiro256PlusPlus;

/// With the `draw-count` feature (for `examples/floor.rs`; never in a shipped build):
/// xoshiro256++ behind a thin wrapper that counts the calls made to it, so that the number
/// of random numbers a run-day needs can be measured. Same stream, same results.
#[cfg(feature = "draw-count")]
pub use counting::{SimRng, draws, reset_draws};

#[cfg(feature = "draw-count")]
mod counting {
    use core::convert::Infallible;
    use rand::{SeedableRng, TryRng};
    use rand_xoshiro::Xoshiro256PlusPlus;
    use std::cell::Cell;

    std::thread_local! {
        static DRAWS: Cell<u64> = const { Cell::new(0) };
    }

    /// Random numbers drawn on this thread since the last [`reset_draws`]: one per
    /// `next_u64`, `next_u32` or `fill_bytes` call on any [`SimRng`].
    pub fn draws() -> u64 {
        DRAWS.with(Cell::get)
    }

    /// Sets this thread's draw counter to 0.
    pub fn reset_draws() {
        DRAWS.with(|c| c.set(0));
    }

    #[inline(always)]
    fn count() {
        DRAWS.with(|c| c.set(c.get() + 1));
    }

    /// xoshiro256++ that counts its draws in a per-thread counter.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct SimRng(Xoshiro256PlusPlus);

    impl SeedableRng for SimRng {
        type Seed = <Xoshiro256PlusPlus as SeedableRng>::Seed;

        #[inline]
        fn from_seed(seed: Self::Seed) -> Self {
            SimRng(Xoshiro256PlusPlus::from_seed(seed))
        }

        #[inline]
        fn seed_from_u64(state: u64) -> Self {
            SimRng(Xoshiro256PlusPlus::seed_from_u64(state))
        }
    }

    impl TryRng for SimRng {
        type Error = Infallible;

        #[inline]
        fn try_next_u32(&mut self) -> Result<u32, Infallible> {
            count();
            self.0.try_next_u32()
        }

        #[inline]
        fn try_next_u64(&mut self) -> Result<u64, Infallible> {
            count();
            self.0.try_next_u64()
        }

        #[inline]
        fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
            count();
            self.0.try_fill_bytes(dst)
        }
    }
}

/// SplitMix64 finaliser: a bijective 64-bit mixer (Steele, Lea and Flood, 2014).
#[inline]
fn splitmix64(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The stream for run `run` of a Monte Carlo seeded with `seed`.
///
/// The 256-bit state is four SplitMix64 outputs of a key that mixes seed and run, so
/// distinct `(seed, run)` pairs give unrelated streams (the approach recommended by the
/// xoshiro authors for seeding from a 64-bit value).
pub fn run_rng(seed: u64, run: u64) -> SimRng {
    let key = splitmix64(seed) ^ splitmix64(run.wrapping_add(0x6A09_E667_F3BC_C909));
    let mut bytes = [0u8; 32];
    let mut z = key;
    for chunk in bytes.chunks_exact_mut(8) {
        z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
        chunk.copy_from_slice(&splitmix64(z).to_le_bytes());
    }
    if bytes.iter().all(|&b| b == 0) {
        bytes[0] = 1; // the all-zero state is the one forbidden state of xoshiro
    }
    SimRng::from_seed(bytes)
}

/// Independent streams of one run, one per part of the model, so that a change to one
/// part (an extra pod, a different policy) leaves the others' random numbers as they were:
/// comparisons between scenarios are then paired run by run (common random numbers).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u64)]
pub enum Stream {
    /// Referrals, diversion and screening.
    Demand = 1,
    /// Assessment durations and outcomes.
    Assessment = 2,
    /// Emergency entries into care.
    Cases = 3,
    /// Leavers and agency.
    Workforce = 4,
    /// Assessment durations (as many draws as allocations).
    Elapsed = 5,
    /// Which workers leave (as many draws as leavers).
    Picks = 6,
    /// The recruitment pipeline (draws vary with the adverts).
    Recruitment = 7,
    /// When cases awaiting transfer are taken by long-term teams (one draw per case).
    Transfers = 8,
    /// When open cases close (one draw per case).
    OpenCases = 9,
    /// Looked-after children's placement types and when they leave care (per child).
    LookedAfter = 10,
    /// When families leave early help (per family).
    EarlyHelp = 11,
}

/// The stream `which` of run `run`.
pub fn stream(seed: u64, run: u64, which: Stream) -> SimRng {
    run_rng(splitmix64(seed ^ splitmix64((which as u64).wrapping_mul(0x5EED_0F7A_2A3E_7E00))), run)
}

/// A uniform number in (0, 1) for the parameter with key `key` in run `run`: each
/// parameter has its own, so a parameter's draw does not depend on which other parameters
/// the scenario has (paired comparisons and sensitivity analysis rely on this).
pub fn param_uniform(seed: u64, run: u64, key: u64) -> f64 {
    let h = splitmix64(
        splitmix64(seed ^ 0x243F_6A88_85A3_08D3) ^ splitmix64(run) ^ splitmix64(key.rotate_left(17)),
    );
    ((h >> 11) as f64 + 0.5) / (1u64 << 53) as f64
}

/// FNV-1a hash of a parameter's path: its key for [`param_uniform`].
pub fn key_of(path: &str) -> u64 {
    path.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    #[test]
    fn streams_differ_by_run_and_seed_and_repeat() {
        let a = run_rng(1, 0).next_u64();
        assert_eq!(a, run_rng(1, 0).next_u64());
        assert_ne!(a, run_rng(1, 1).next_u64());
        assert_ne!(a, run_rng(2, 0).next_u64());
        assert_ne!(a, stream(1, 0, Stream::Demand).next_u64());
        assert_ne!(stream(1, 0, Stream::Cases).next_u64(), stream(1, 0, Stream::Demand).next_u64());
        let u = param_uniform(1, 0, key_of("workforce.turnover"));
        assert!(u > 0.0 && u < 1.0);
        assert_eq!(u, param_uniform(1, 0, key_of("workforce.turnover")));
        assert_ne!(u, param_uniform(1, 1, key_of("workforce.turnover")));
    }

    #[cfg(feature = "draw-count")]
    #[test]
    fn counting_wrapper_draws_the_same_stream_and_counts() {
        use rand_xoshiro::Xoshiro256PlusPlus;
        let seed = [5u8; 32];
        let (mut plain, mut counted) = (Xoshiro256PlusPlus::from_seed(seed), SimRng::from_seed(seed));
        assert_eq!(SimRng::seed_from_u64(9).next_u64(), Xoshiro256PlusPlus::seed_from_u64(9).next_u64());
        reset_draws();
        for _ in 0..10 {
            assert_eq!(counted.next_u64(), plain.next_u64());
        }
        assert_eq!(counted.next_u32(), plain.next_u32());
        let (mut a, mut b) = ([0u8; 13], [0u8; 13]);
        counted.fill_bytes(&mut a);
        plain.fill_bytes(&mut b);
        assert_eq!(a, b);
        assert_eq!(draws(), 12);
        reset_draws();
        assert_eq!(draws(), 0);
    }
}
