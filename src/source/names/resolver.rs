//! Reverse DNS that cannot stall a table. netstat asks `gethostbyaddr`/`getnameinfo` row
//! by row and waits as long as the resolver does (glibc: 5 s per try, twice per
//! nameserver); socklab asks for every address at once on a few worker threads and waits
//! at most a budget in all (1 s). An answer that comes later is kept in a cache for the
//! rest of the process (the next `socklab` block of a lesson finds it), and an address
//! already being looked up is never asked again, so a dead nameserver costs a handful of
//! blocked threads, never a growing pile of them, and never more than the budget.
//!
//! The lookup itself is a [`Reverse`], so tests put a resolver that never answers in place
//! of the system's and check the bound without any network.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::{Arc, Condvar, LazyLock, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

/// The longest a table waits for reverse DNS, in all.
pub const BUDGET: Duration = Duration::from_secs(1);

/// Lookups running at once.
const WORKERS: usize = 8;

/// One reverse lookup; it may block for as long as it likes.
pub trait Reverse: Send + Sync {
    /// The name of `addr`, or `None` when it has none (or the lookup failed).
    fn name_of(&self, addr: IpAddr) -> Option<String>;
}

/// The system's resolver: `getnameinfo(NI_NAMEREQD)`, which follows nsswitch.conf (the
/// hosts file, then DNS), as netstat's `gethostbyaddr`/`getnameinfo` calls do.
pub struct SystemReverse;

impl Reverse for SystemReverse {
    fn name_of(&self, addr: IpAddr) -> Option<String> {
        dns_lookup::lookup_addr(&addr).ok()
    }
}

/// A cache of reverse lookups with worker threads behind it. Clones share the cache.
#[derive(Clone)]
pub struct Resolver {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for Resolver {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Resolver")
            .field("budget", &self.shared.budget)
            .finish_non_exhaustive()
    }
}

struct Shared {
    backend: Box<dyn Reverse>,
    budget: Duration,
    state: Mutex<State>,
    answered: Condvar,
}

#[derive(Default)]
struct State {
    /// Answers, including "no name" (`None`).
    known: HashMap<IpAddr, Option<String>>,
    /// Being looked up or waiting for a worker.
    asked: HashSet<IpAddr>,
    queue: VecDeque<IpAddr>,
    workers: usize,
}

static SYSTEM: LazyLock<Resolver> = LazyLock::new(|| Resolver::new(SystemReverse, BUDGET));

impl Resolver {
    /// The system's resolver with the process-wide cache.
    pub fn system() -> Resolver {
        SYSTEM.clone()
    }

    /// A resolver of its own over `backend`, waiting at most `budget` per call.
    pub fn new(backend: impl Reverse + 'static, budget: Duration) -> Resolver {
        Resolver {
            shared: Arc::new(Shared {
                backend: Box::new(backend),
                budget,
                state: Mutex::new(State::default()),
                answered: Condvar::new(),
            }),
        }
    }

    /// The names of `addrs` that are known within the budget. The others are left out
    /// (the table shows them as numbers) and go on being looked up for a later call.
    pub fn names(&self, addrs: &[IpAddr]) -> HashMap<IpAddr, String> {
        let deadline = Instant::now() + self.shared.budget;
        let mut state = self.lock();
        for &addr in addrs {
            if !state.known.contains_key(&addr) && state.asked.insert(addr) {
                state.queue.push_back(addr);
            }
        }
        self.spawn_workers(&mut state);
        while !addrs.iter().all(|a| state.known.contains_key(a)) {
            let Some(left) = deadline.checked_duration_since(Instant::now()) else {
                break;
            };
            state = self
                .shared
                .answered
                .wait_timeout(state, left)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
        addrs
            .iter()
            .filter_map(|a| Some((*a, state.known.get(a)?.clone()?)))
            .collect()
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// Enough workers for the queue, up to [`WORKERS`] in all.
    fn spawn_workers(&self, state: &mut State) {
        while state.workers < WORKERS && state.workers < state.queue.len() {
            let shared = Arc::clone(&self.shared);
            let spawned = std::thread::Builder::new()
                .name("socklab-dns".into())
                .spawn(move || work(&shared));
            match spawned {
                Ok(_) => state.workers += 1,
                Err(_) => break,
            }
        }
        if state.workers == 0 {
            // No thread could start: forget the queue, so a later call asks again.
            for addr in std::mem::take(&mut state.queue) {
                state.asked.remove(&addr);
            }
        }
    }
}

/// A worker: look up queued addresses until the queue is empty.
fn work(shared: &Shared) {
    let lock = || shared.state.lock().unwrap_or_else(PoisonError::into_inner);
    loop {
        let addr = {
            let mut state = lock();
            match state.queue.pop_front() {
                Some(addr) => addr,
                None => {
                    state.workers -= 1;
                    return;
                }
            }
        };
        let name = shared.backend.name_of(addr);
        let mut state = lock();
        state.asked.remove(&addr);
        state.known.insert(addr, name);
        shared.answered.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::sync::mpsc;

    /// A nameserver that never answers until the test lets it: every lookup blocks on a
    /// channel, and counts itself.
    struct Stalled {
        calls: Arc<AtomicUsize>,
        release: Mutex<mpsc::Receiver<()>>,
    }

    impl Reverse for Stalled {
        fn name_of(&self, addr: IpAddr) -> Option<String> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            let _ = self.release.lock().unwrap().recv();
            Some(format!("late-{addr}"))
        }
    }

    fn addrs(n: u8) -> Vec<IpAddr> {
        (1..=n).map(|i| IpAddr::from([127, 0, 0, i])).collect()
    }

    #[test]
    fn a_resolver_that_never_answers_costs_the_budget_and_no_more() {
        let (tx, rx) = mpsc::channel();
        let calls = Arc::new(AtomicUsize::new(0));
        let stalled = Stalled {
            calls: calls.clone(),
            release: Mutex::new(rx),
        };
        let budget = Duration::from_millis(200);
        let resolver = Resolver::new(stalled, budget);
        let wanted = addrs(20);
        let start = Instant::now();
        let names = resolver.names(&wanted);
        let took = start.elapsed();
        assert!(names.is_empty(), "{names:?}");
        // The bound: the budget plus scheduling slack, never a lookup's own timeout.
        assert!(
            took >= budget && took < budget + Duration::from_secs(2),
            "{took:?}"
        );
        // Asked again while stalled: no new lookups, the same bound.
        let again = Instant::now();
        assert!(resolver.names(&wanted).is_empty());
        assert!(again.elapsed() < budget + Duration::from_secs(2));
        assert!(calls.load(Ordering::SeqCst) <= WORKERS);
        // Once the nameserver answers, the cache has the names for the next table.
        for _ in 0..wanted.len() {
            tx.send(()).unwrap();
        }
        let deadline = Instant::now() + Duration::from_secs(10);
        while resolver.lock().known.len() < wanted.len() && Instant::now() < deadline {
            std::thread::sleep(Duration::from_millis(10));
        }
        let names = resolver.names(&wanted);
        assert_eq!(names.len(), wanted.len());
        assert_eq!(names[&wanted[0]], "late-127.0.0.1");
        assert_eq!(
            calls.load(Ordering::SeqCst),
            wanted.len(),
            "each asked once"
        );
    }

    struct Quick;

    impl Reverse for Quick {
        fn name_of(&self, addr: IpAddr) -> Option<String> {
            (addr != IpAddr::from([127, 0, 0, 2])).then(|| format!("host-{addr}"))
        }
    }

    #[test]
    fn quick_answers_come_back_before_the_budget() {
        let resolver = Resolver::new(Quick, Duration::from_secs(30));
        let start = Instant::now();
        let names = resolver.names(&addrs(3));
        assert!(start.elapsed() < Duration::from_secs(5));
        assert_eq!(names.len(), 2, "127.0.0.2 has no name: {names:?}");
        assert_eq!(names[&IpAddr::from([127, 0, 0, 3])], "host-127.0.0.3");
    }
}
