//! Named, seeded random streams: one per random process, for the whole run.
//!
//! Each process (hiring, attrition, leads, ...) draws from its own ChaCha8 stream, under a
//! key of its own derived from the run seed ([`Streams::new`]). A process's draws depend only
//! on (seed, process) and on how many numbers that process drew before, so a decision that
//! changes how many draws one process makes never shifts any other process (common random
//! numbers). A stream is set up once per run and read sequentially, so a month pays only for
//! the numbers it uses (ChaCha8 makes 256 bytes at a time; nothing is thrown away).

use rand::SeedableRng;
use rand::rand_core::block::Generator;
use rand_chacha::{ChaCha8Core, ChaCha8Rng};

/// A random process of the model. Each has its own stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Process {
    /// Career: job offers, promotions.
    Career,
    /// Candidate credentials when the firm hires.
    Hiring,
    /// Monthly quits.
    Attrition,
    /// Number and service line of sales leads.
    Leads,
    /// Whether a lead signs, and its volume.
    Conversion,
    /// Errors made in delivered work and whether QA catches them.
    Errors,
    /// Clients ending their contracts.
    Churn,
    /// The founder closing a solvent firm.
    Closure,
    /// The demand cycle of the firm's clients.
    Market,
    /// The economy's switches between expansion and recession.
    Cycle,
    /// The staff the founder wants, drawn at founding.
    Ambition,
    /// The drift of the firm's process efficiency after founding.
    Drift,
}

impl Process {
    /// Every process, in stream order.
    pub const ALL: [Process; 12] = [
        Process::Career,
        Process::Hiring,
        Process::Attrition,
        Process::Leads,
        Process::Conversion,
        Process::Errors,
        Process::Churn,
        Process::Closure,
        Process::Market,
        Process::Cycle,
        Process::Ambition,
        Process::Drift,
    ];

    /// A fixed number that is part of this stream's key. Never reuse or renumber: doing so
    /// changes every golden result.
    const fn tag(self) -> u64 {
        match self {
            Process::Career => 1,
            Process::Hiring => 2,
            Process::Attrition => 3,
            Process::Leads => 4,
            Process::Conversion => 5,
            Process::Errors => 6,
            Process::Churn => 7,
            Process::Closure => 8,
            Process::Market => 9,
            Process::Cycle => 10,
            Process::Ambition => 11,
            Process::Drift => 12,
        }
    }
}

/// One process's stream: ChaCha8 under the process's own key, read a 64-bit word at a time
/// from a buffer of [`Stream::WORDS`] words that the ChaCha8 core fills directly, so a draw
/// is an index into an array. The words are exactly [`ChaCha8Rng`]'s `next_u64` sequence
/// under the same key.
#[derive(Debug, Clone)]
pub struct Stream {
    core: ChaCha8Core,
    /// The core's output as it comes (32-bit halves, low half first), so a refill writes
    /// straight into it.
    buf: [u32; 2 * Stream::WORDS],
    /// Next word of `buf` to hand out (in words of 64 bits); `WORDS` when it is used up.
    pos: usize,
    /// Buffers filled so far.
    refills: u64,
}

impl Stream {
    /// Words per refill: one 256-byte batch of the generator.
    pub const WORDS: usize = 32;

    /// The stream keyed by `key`, from its start.
    pub fn from_key(key: [u8; 32]) -> Self {
        Stream {
            core: ChaCha8Core::from_seed(key),
            buf: [0; 2 * Stream::WORDS],
            pos: Stream::WORDS,
            refills: 0,
        }
    }

    #[inline(never)]
    fn refill(&mut self) {
        self.core.generate(&mut self.buf);
        self.pos = 0;
        self.refills += 1;
    }

    /// The next word.
    #[inline]
    pub fn next_word(&mut self) -> u64 {
        if self.pos >= Stream::WORDS {
            self.refill();
        }
        let i = 2 * self.pos;
        let word = u64::from(self.buf[i]) | (u64::from(self.buf[i + 1]) << 32);
        self.pos += 1;
        word
    }

    /// Words handed out so far.
    pub fn words_drawn(&self) -> u64 {
        self.refills * Stream::WORDS as u64 - (Stream::WORDS - self.pos) as u64
    }
}

impl rand::TryRng for Stream {
    type Error = std::convert::Infallible;

    #[inline]
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        // A whole word per call, so the stream stays word-aligned (the model draws only
        // 64-bit words).
        Ok(self.next_word() as u32)
    }

    #[inline]
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(self.next_word())
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        for chunk in dst.chunks_mut(8) {
            let bytes = self.next_word().to_le_bytes();
            chunk.copy_from_slice(&bytes[..chunk.len()]);
        }
        Ok(())
    }
}

/// Every process's generator for one run: [`Process::ALL`]`.len()` ChaCha8 streams.
#[derive(Debug, Clone)]
pub struct Streams {
    rngs: [Stream; Process::ALL.len()],
}

impl Streams {
    /// One stream per process from the run seed. Keys: the first `32 · N` bytes of ChaCha8
    /// seeded with `seed` via [`SeedableRng::seed_from_u64`]; process `tag` takes bytes
    /// `32 (tag − 1) .. 32 tag`. Each stream is ChaCha8 under its key, from its start.
    pub fn new(seed: u64) -> Self {
        let mut keys = [[0u8; 32]; Process::ALL.len()];
        let mut root = ChaCha8Rng::seed_from_u64(seed);
        for key in &mut keys {
            rand::Rng::fill_bytes(&mut root, key);
        }
        Streams {
            // Tags are 1..=N in Process::ALL order.
            rngs: keys.map(Stream::from_key),
        }
    }

    /// The generator of `process`, at its current position.
    #[inline]
    pub fn rng(&mut self, process: Process) -> &mut Stream {
        // Tags are 1..=N in Process::ALL order.
        &mut self.rngs[(process.tag() - 1) as usize]
    }

    /// The generators of `N` different processes at once.
    ///
    /// # Panics
    /// If a process is named twice.
    #[inline]
    pub fn rngs<const N: usize>(&mut self, processes: [Process; N]) -> [&mut Stream; N] {
        self.rngs
            .get_disjoint_mut(processes.map(|p| (p.tag() - 1) as usize))
            .expect("distinct processes")
    }

    /// 64-bit words drawn so far by every process together (each uniform is one word). Read
    /// from the streams' positions, so counting costs nothing while the model runs.
    pub fn words_drawn(&self) -> u64 {
        self.rngs.iter().map(Stream::words_drawn).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng;

    fn first(seed: u64, p: Process) -> u64 {
        Streams::new(seed).rng(p).next_u64()
    }

    #[test]
    fn streams_differ_by_process_and_seed() {
        let mut seen: Vec<u64> = Process::ALL.iter().map(|p| first(7, *p)).collect();
        seen.push(first(8, Process::Career));
        let n = seen.len();
        seen.sort_unstable();
        seen.dedup();
        assert_eq!(seen.len(), n, "all first draws distinct");
    }

    #[test]
    fn a_stream_does_not_move_when_another_draws() {
        let mut a = Streams::new(42);
        let mut b = Streams::new(42);
        for _ in 0..1000 {
            b.rng(Process::Leads).next_u64();
        }
        assert_eq!(
            a.rng(Process::Attrition).next_u64(),
            b.rng(Process::Attrition).next_u64()
        );
        assert_eq!(b.words_drawn(), 1001);
        assert_eq!(a.words_drawn(), 1);
    }

    /// A stream hands out the generator's own `next_u64` sequence, across refills.
    #[test]
    fn a_stream_is_its_generators_words() {
        let key = [7u8; 32];
        let mut rng = ChaCha8Rng::from_seed(key);
        let mut stream = Stream::from_key(key);
        for i in 0..1000 {
            assert_eq!(stream.next_u64(), rng.next_u64(), "word {i}");
        }
        assert_eq!(stream.words_drawn(), 1000);
    }

    /// Value stability: changing these numbers changes every run. Do it only on purpose.
    #[test]
    fn stream_values_are_stable() {
        let mut s = Streams::new(1);
        let got = [
            s.rng(Process::Career).next_u64(),
            s.rng(Process::Churn).next_u64(),
        ];
        assert_eq!(
            got,
            [4161021452045807583, 12918269516558266449],
            "update deliberately: {got:?}"
        );
    }
}
