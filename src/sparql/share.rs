//! Fair share of the SPARQL slots: each client address may run only a few evaluations at once, so
//! one address cannot hold every slot while staying under the rate limit.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

pub struct ClientShares {
    per_client: usize,
    clients: Mutex<HashMap<IpAddr, Arc<Semaphore>>>,
}

/// Addresses kept before idle ones are forgotten.
const TIDY_ABOVE: usize = 1024;

impl ClientShares {
    pub fn new(per_client: usize) -> Self {
        ClientShares { per_client: per_client.max(1), clients: Mutex::new(HashMap::new()) }
    }

    pub fn per_client(&self) -> usize {
        self.per_client
    }

    /// One of the client's evaluations, waiting at most `wait` for one of its own to end
    /// (`None`: the client is over its share).
    pub async fn acquire(&self, client: IpAddr, wait: Duration) -> Option<OwnedSemaphorePermit> {
        let semaphore = {
            let mut clients = self.clients.lock().unwrap_or_else(|p| p.into_inner());
            if clients.len() > TIDY_ABOVE {
                // Held by the map alone: nobody from that address is running or waiting.
                clients.retain(|_, s| Arc::strong_count(s) > 1);
            }
            clients.entry(client).or_insert_with(|| Arc::new(Semaphore::new(self.per_client))).clone()
        };
        // A zero wait still takes a free permit (the acquire is polled before the deadline).
        tokio::time::timeout(wait, semaphore.acquire_owned()).await.ok()?.ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_client_over_its_share_waits_then_is_refused_while_others_go_on() {
        let shares = ClientShares::new(2);
        let a: IpAddr = "192.0.2.1".parse().expect("ip");
        let b: IpAddr = "192.0.2.2".parse().expect("ip");
        let first = shares.acquire(a, Duration::ZERO).await.expect("first");
        let _second = shares.acquire(a, Duration::ZERO).await.expect("second");
        assert!(shares.acquire(a, Duration::from_millis(20)).await.is_none(), "third of a");
        assert!(shares.acquire(b, Duration::ZERO).await.is_some(), "b has its own share");
        drop(first);
        assert!(shares.acquire(a, Duration::ZERO).await.is_some(), "a's slot came back");
    }
}
