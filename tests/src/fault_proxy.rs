//! A TCP proxy the fault tests put between the app and a real service (Postgres, moto), so
//! a test can take the service away mid-run and bring it back: `cut` closes the listener and
//! every open connection (as a stopped server or a dropped network would), `restore` listens
//! again on the same port.

use std::{net::SocketAddr, sync::Arc};

use tokio::{
    net::{TcpListener, TcpStream},
    sync::Mutex,
    task::JoinSet,
};

pub struct FaultProxy {
    /// Where the app connects.
    pub addr: SocketAddr,
    target: SocketAddr,
    running: Arc<Mutex<Option<JoinSet<()>>>>,
}

impl FaultProxy {
    /// A proxy to `target` (`host:port`), listening on a free loopback port.
    pub async fn start(target: &str) -> FaultProxy {
        let target: SocketAddr = tokio::net::lookup_host(target)
            .await
            .unwrap()
            .next()
            .unwrap();
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let proxy = FaultProxy {
            addr: listener.local_addr().unwrap(),
            target,
            running: Arc::new(Mutex::new(None)),
        };
        proxy.serve(listener).await;
        proxy
    }

    async fn serve(&self, listener: TcpListener) {
        let target = self.target;
        let mut tasks = JoinSet::new();
        tasks.spawn(async move {
            // Each connection's task belongs to this accept loop: aborting it drops them all.
            let mut connections = JoinSet::new();
            while let Ok((mut inbound, _)) = listener.accept().await {
                connections.spawn(async move {
                    if let Ok(mut outbound) = TcpStream::connect(target).await {
                        let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
                    }
                });
            }
        });
        *self.running.lock().await = Some(tasks);
    }

    /// The service goes away: no new connection is accepted and open ones are closed.
    pub async fn cut(&self) {
        if let Some(mut tasks) = self.running.lock().await.take() {
            tasks.shutdown().await;
        }
        // Nothing listens any more: a connect is refused at once, as with a stopped server.
        assert!(TcpStream::connect(self.addr).await.is_err());
    }

    /// The service is back on the same address.
    pub async fn restore(&self) {
        let listener = TcpListener::bind(self.addr).await.unwrap();
        self.serve(listener).await;
    }
}

/// `url` with its `host:port` replaced by the proxy's.
pub fn through(url: &str, proxy: &FaultProxy) -> String {
    let authority = authority(url);
    url.replacen(authority, &proxy.addr.to_string(), 1)
}

/// The `host:port` of a URL (after any `user:password@`).
pub fn authority(url: &str) -> &str {
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    let rest = &rest[rest.rfind('@').map_or(0, |i| i + 1)..];
    &rest[..rest.find(['/', '?']).unwrap_or(rest.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_authority_is_found_after_the_credentials() {
        assert_eq!(
            authority("postgres://u:p@127.0.0.1:5432/db?sslmode=disable"),
            "127.0.0.1:5432"
        );
        assert_eq!(authority("http://127.0.0.1:4566"), "127.0.0.1:4566");
    }
}
