//! `accords serve`: the JSON API and the search page over an index.

use std::io::Write;
use std::net::SocketAddr;

use clap::Args;

use crate::cli::IndexDir;
use accords::server::{self, ServeConfig};
use accords::Error;

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords serve
  accords serve --addr 127.0.0.1:8080 --index my-index")]
pub struct ServeArgs {
    /// Address to listen on. Anything but loopback makes the index
    /// reachable from the network; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:7700", value_name = "IP:PORT")]
    pub addr: SocketAddr,

    /// Seconds one request may take, reading its body included; a client
    /// that sends slower is cut off.
    #[arg(long, default_value_t = 10, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub timeout: u64,

    #[command(flatten)]
    pub index: IndexDir,
}

pub fn run(args: &ServeArgs, out: &mut dyn Write, err: &mut dyn Write) -> anyhow::Result<()> {
    // As for `search`: the default index is built from seeds/ on first
    // use; one named with --index must exist (until it does, the API
    // answers 503).
    let build_root = match &args.index.dir {
        None => Some(std::env::current_dir().map_err(|e| Error::io(".", e))?),
        Some(_) => None,
    };
    let config = ServeConfig {
        dir: args.index.path(),
        build_root,
        addr: args.addr,
        timeout: std::time::Duration::from_secs(args.timeout),
    };
    server::init_logging();
    server::run(&config, out, err)
}
