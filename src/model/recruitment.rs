//! Recruitment: MODEL.md "Flows, each working day", 10. Weekly, open permanent posts not
//! covered by a live candidate are advertised (a post is covered while a candidate for it
//! is still in a stage or working notice; a post whose advert drew nobody, or whose
//! candidates all failed or withdrew, is advertised again at the next round); applicants (Poisson per post, times the
//! attraction of running campaigns) pass stages by Binomial draws; hires work a notice
//! period and may withdraw during it; those who stay start on a morning, some newly
//! qualified.

use super::{real, whole};
use crate::rng::SimRng;
use crate::sampling::BinomTables;
use crate::sampling::{bernoulli, poisson};
use crate::scenario::Spec;

/// The candidates from one advert, moving through the stages together.
#[derive(Clone, Copy, Debug)]
struct Cohort {
    posts: u32,
    candidates: u32,
    /// The next stage to pass, and the day it is decided.
    stage: usize,
    next_day: usize,
}

/// Recruitment's per-run parameters and state: the pipeline and hires in notice.
#[derive(Debug, Default)]
pub struct Recruitment {
    applicants_per_post: f64,
    stage_pass: Vec<BinomTables>,
    stage_days: Vec<usize>,
    /// Whether some stage keeps no more candidates than posts (else hires are capped at
    /// the posts when the last stage is passed).
    any_limited: bool,
    withdrawal: f64,
    nq_share: f64,
    /// Attraction multiplier of each campaign.
    attraction: Vec<f64>,
    cohorts: Vec<Cohort>,
    /// By day: hires who start that morning, [experienced, newly qualified].
    starters_at: Vec<[u32; 2]>,
    /// By day: hires who withdraw during notice, on the day they would have started.
    withdraw_at: Vec<u32>,
    /// Hires whose notice ends after the run.
    notice_beyond: u64,
    /// Hires in notice: each covers a post until they start or withdraw.
    in_notice: u64,
}

/// The morning's end of notice periods.
#[derive(Clone, Copy, Debug)]
pub struct NoticeEnds {
    /// Hires who start, [experienced, newly qualified].
    pub starters: [u32; 2],
    /// Notice periods that ended (starters and withdrawals).
    pub ended: u64,
}

/// The flows of one weekly round.
#[derive(Clone, Copy, Debug, Default)]
pub struct Round {
    pub applicants: u64,
    /// Candidates who failed a stage or were not needed.
    pub rejected: u64,
    pub hired: u64,
}

impl Recruitment {
    /// Parameters from the run's drawn values `v`, and the hires in notice of the starting
    /// state, for a run of `n_days` days. Returns the hires in notice at the start.
    pub fn start(&mut self, s: &Spec, v: &[f64], n_days: usize) -> u64 {
        self.applicants_per_post = v[s.applicants_per_post];
        self.stage_pass.resize_with(s.stages.len(), BinomTables::default);
        for (b, st) in self.stage_pass.iter_mut().zip(&s.stages) {
            b.set(v[st.pass]);
        }
        self.stage_days.clear();
        self.stage_days.extend(s.stages.iter().map(|st| whole(v[st.weeks] * 5.0) as usize));
        self.any_limited = s.stages.iter().any(|st| st.limited_to_posts);
        self.withdrawal = v[s.withdrawal];
        self.nq_share = v[s.nq_share];
        self.attraction.clear();
        self.attraction.extend(s.campaigns.iter().map(|c| v[c.attraction]));

        self.cohorts.clear();
        self.starters_at.clear();
        self.starters_at.resize(n_days, [0, 0]);
        self.withdraw_at.clear();
        self.withdraw_at.resize(n_days, 0);
        self.notice_beyond = 0;
        self.in_notice = 0;
        for nt in &s.initial_notice {
            self.in_notice += u64::from(nt.count);
            if nt.start_day < n_days {
                self.starters_at[nt.start_day][nt.newly_qualified as usize] += nt.count;
            } else {
                self.notice_beyond += u64::from(nt.count);
            }
        }
        self.in_notice
    }

    /// Flow 10, morning of day `t`: notice periods that end, with the hires who start.
    #[inline(always)]
    pub fn notice_ends(&mut self, t: usize) -> NoticeEnds {
        let starters = self.starters_at[t];
        let ended = u64::from(starters[0] + starters[1]) + u64::from(self.withdraw_at[t]);
        self.in_notice -= ended;
        NoticeEnds { starters, ended }
    }

    /// Flow 10, the weekly round on day `t` with `permanent` workers in post: cohorts whose
    /// stage is due pass it; finished cohorts' hires start notice (counted in
    /// `campaign_hires` for the campaigns running); open posts are advertised.
    pub fn round(
        &mut self,
        s: &Spec,
        t: usize,
        permanent: u64,
        rng: &mut SimRng,
        campaign_hires: &mut [u32],
    ) -> Round {
        let n_days = self.starters_at.len();
        let n_stages = self.stage_pass.len();
        let mut flows = Round::default();
        let mut i = 0;
        while i < self.cohorts.len() {
            let mut co = self.cohorts[i];
            while co.stage < n_stages && co.next_day <= t {
                if s.stages[co.stage].limited_to_posts && co.candidates > co.posts {
                    flows.rejected += u64::from(co.candidates - co.posts);
                    co.candidates = co.posts;
                }
                let pass = self.stage_pass[co.stage].sample(rng, u64::from(co.candidates)) as u32;
                flows.rejected += u64::from(co.candidates - pass);
                co.candidates = pass;
                // A post is covered only while a candidate for it remains (MODEL.md 10).
                co.posts = co.posts.min(pass);
                co.stage += 1;
                if co.stage < n_stages {
                    co.next_day += self.stage_days[co.stage];
                }
                if co.candidates == 0 {
                    co.stage = n_stages;
                }
            }
            if co.stage < n_stages {
                self.cohorts[i] = co;
                i += 1;
                continue;
            }
            // Finished: hires start after their notice, unless they withdraw.
            let hires = if self.any_limited { co.candidates } else { co.candidates.min(co.posts) };
            flows.rejected += u64::from(co.candidates - hires);
            flows.hired += u64::from(hires);
            for _ in 0..hires {
                let weeks = s.notice_weeks.sample(rng) as usize;
                let start = t + (weeks * 5).max(1);
                self.in_notice += 1;
                let withdraws = bernoulli(rng, self.withdrawal);
                if start >= n_days {
                    self.notice_beyond += 1;
                } else if withdraws {
                    self.withdraw_at[start] += 1;
                } else {
                    let nq = bernoulli(rng, self.nq_share);
                    self.starters_at[start][nq as usize] += 1;
                }
                if !withdraws {
                    for (k, camp) in s.campaigns.iter().enumerate() {
                        if camp.start_day <= t && t < camp.end_day {
                            campaign_hires[k] += 1;
                        }
                    }
                }
            }
            self.cohorts.swap_remove(i);
        }
        // Advertise open posts not already covered by the pipeline.
        let covered: u64 = self.cohorts.iter().map(|co| u64::from(co.posts)).sum::<u64>() + self.in_notice;
        let open = u64::from(s.establishment).saturating_sub(permanent + covered);
        if open > 0 {
            let mut attraction = 1.0;
            for (k, camp) in s.campaigns.iter().enumerate() {
                if camp.start_day <= t && t < camp.end_day {
                    attraction *= self.attraction[k];
                }
            }
            let applicants = poisson(rng, real(open) * self.applicants_per_post * attraction);
            if applicants > 0 {
                flows.applicants += applicants;
                let first = self.stage_days.first().copied().unwrap_or(0).max(1);
                // Posts beyond the applicants drew nobody: open again at the next round.
                self.cohorts.push(Cohort {
                    posts: open.min(applicants) as u32,
                    candidates: applicants.min(u32::MAX as u64) as u32,
                    stage: 0,
                    next_day: t + first,
                });
            }
        }
        flows
    }

    /// Candidates in the pipeline's stages.
    pub fn candidates(&self) -> u64 {
        self.cohorts.iter().map(|co| u64::from(co.candidates)).sum()
    }
    /// Hires in notice.
    pub fn in_notice(&self) -> u64 {
        self.in_notice
    }

    /// Checks at the end of day `t` that the hires in notice are those still to start,
    /// withdraw, or finish notice after the run.
    pub fn check(&self, t: usize) -> Result<(), String> {
        let to_come: u64 = self.starters_at[t + 1..].iter().map(|s| u64::from(s[0] + s[1])).sum::<u64>()
            + self.withdraw_at[t + 1..].iter().map(|&x| u64::from(x)).sum::<u64>()
            + self.notice_beyond;
        if to_come != self.in_notice {
            return Err(format!("notice arrivals to come: {} != {to_come}", self.in_notice));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::run_rng;
    use crate::sampling::DiscreteTable;
    use crate::scenario::StageSpec;

    /// Ten open posts, no permanent staff; one four-week stage that everyone passes; a
    /// four-week notice. Values: applicants per post, pass rate, stage weeks, shares.
    fn spec(applicants_per_post: f64) -> (Spec, Vec<f64>) {
        let s = Spec {
            establishment: 10,
            recruitment_enabled: true,
            applicants_per_post: 0,
            stages: vec![StageSpec { name: "checks".into(), pass: 1, weeks: 2, limited_to_posts: false }],
            notice_weeks: DiscreteTable::point(4.0, 52),
            withdrawal: 3,
            nq_share: 3,
            ..Spec::default()
        };
        (s, vec![applicants_per_post, 1.0, 4.0, 0.0])
    }

    /// The first round at day 0, from the first seed whose advert draws `want` applicants.
    fn first_round(want: u64, applicants_per_post: f64) -> (Spec, Vec<f64>, Recruitment, SimRng) {
        for seed in 0..1000 {
            let (s, v) = spec(applicants_per_post);
            let mut r = Recruitment::default();
            r.start(&s, &v, 100);
            let mut rng = run_rng(seed, 0);
            if r.round(&s, 0, 0, &mut rng, &mut []).applicants == want {
                return (s, v, r, rng);
            }
        }
        panic!("no seed drew {want} applicants");
    }

    #[test]
    fn posts_whose_advert_drew_nobody_are_advertised_at_the_next_round() {
        // The first advert draws nobody: all ten posts are open again a week later.
        let (s, _, mut r, mut rng) = first_round(0, 0.01);
        assert!(r.cohorts.is_empty());
        r.applicants_per_post = 100.0;
        let round = r.round(&s, 5, 0, &mut rng, &mut []);
        assert!(round.applicants > 10, "{round:?}");
        assert_eq!(r.cohorts.iter().map(|c| c.posts).sum::<u32>(), 10);

        // One applicant for ten posts covers one post; the other nine are advertised again
        // a week later, while that candidate is still in checks.
        let (s, _, mut r, mut rng) = first_round(1, 0.1);
        assert_eq!((r.cohorts.len(), r.cohorts[0].posts), (1, 1));
        r.applicants_per_post = 100.0;
        r.round(&s, 5, 0, &mut rng, &mut []);
        let posts: Vec<u32> = r.cohorts.iter().map(|c| c.posts).collect();
        assert_eq!(posts, [1, 9]);
    }

    #[test]
    fn posts_whose_candidates_all_fail_are_advertised_again() {
        let (s, mut v, mut r, mut rng) = first_round(3, 0.3);
        assert_eq!(r.cohorts[0].posts, 3);
        // Everyone fails the stage: the cohort ends and its posts are open at that round.
        v[1] = 0.0;
        r.start(&s, &v, 100);
        r.cohorts.push(Cohort { posts: 3, candidates: 3, stage: 0, next_day: 10 });
        r.applicants_per_post = 100.0;
        let round = r.round(&s, 10, 0, &mut rng, &mut []);
        assert_eq!(round.rejected, 3);
        assert_eq!(r.cohorts.iter().map(|c| c.posts).sum::<u32>(), 10);
    }
}
