//! Work spread over worker threads with the `parallel` feature (rayon, on by default), or run
//! in turn on the calling thread without it. Results come back in the items' order either
//! way, so a study gives the same bits with or without the feature, on any thread count.

use crate::error::SimError;

/// The workers of one study: a rayon pool, or the calling thread alone.
pub(crate) struct Workers {
    #[cfg(feature = "parallel")]
    pool: rayon::ThreadPool,
}

impl Workers {
    /// `threads` workers (`None`: one per core). Without the `parallel` feature, the calling
    /// thread does all the work and `threads` is ignored.
    ///
    /// # Errors
    /// [`SimError::WorkerThreads`] when the system refuses the threads.
    pub(crate) fn new(threads: Option<usize>) -> Result<Self, SimError> {
        #[cfg(feature = "parallel")]
        {
            let mut builder = rayon::ThreadPoolBuilder::new();
            if let Some(n) = threads {
                builder = builder.num_threads(n.max(1));
            }
            let pool = builder
                .build()
                .map_err(|e| SimError::WorkerThreads(e.to_string()))?;
            Ok(Workers { pool })
        }
        #[cfg(not(feature = "parallel"))]
        {
            let _ = threads;
            Ok(Workers {})
        }
    }

    /// `f` of every item, in the items' order (run on the workers in any order).
    pub(crate) fn map<I, T, F>(&self, items: Vec<I>, f: F) -> Vec<T>
    where
        I: Send,
        T: Send,
        F: Fn(I) -> T + Sync + Send,
    {
        #[cfg(feature = "parallel")]
        {
            use rayon::prelude::*;
            self.pool.install(|| items.into_par_iter().map(f).collect())
        }
        #[cfg(not(feature = "parallel"))]
        {
            items.into_iter().map(f).collect()
        }
    }
}
