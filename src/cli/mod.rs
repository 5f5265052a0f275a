//! Command-line arguments and the subcommands that act on them.

pub mod parse;
