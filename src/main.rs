use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "accords", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Show what ingest extracts from press releases.
    Parse(accords::cli::parse::ParseArgs),
}

fn main() {
    let cli = Cli::parse();
    let result = match &cli.command {
        Command::Parse(args) => accords::cli::parse::run(
            args,
            &mut std::io::stdout().lock(),
            &mut std::io::stderr().lock(),
        ),
    };
    if let Err(e) = result {
        eprintln!("accords: {e:#}");
        std::process::exit(1);
    }
}
