//! `accords completions` and `accords man`: shell completion scripts and a
//! roff manual page, both generated from the same clap definitions as the
//! command line itself, so they never fall behind it.

use std::io::Write;

use clap::{Args, CommandFactory, ValueEnum};

use crate::cli::Cli;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    #[value(name = "powershell")]
    PowerShell,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords completions bash > ~/.local/share/bash-completion/completions/accords
  accords completions zsh > ~/.zfunc/_accords
  accords completions fish > ~/.config/fish/completions/accords.fish")]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum, value_name = "SHELL")]
    pub shell: ShellArg,
}

#[derive(Debug, Args)]
#[command(after_help = "\
Examples:
  accords man > ~/.local/share/man/man1/accords.1
  accords man | man -l -")]
pub struct ManArgs {}

pub fn completions(args: &CompletionsArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    use clap_complete::Shell;
    let shell = match args.shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::PowerShell => Shell::PowerShell,
    };
    let mut command = Cli::command();
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, "accords", &mut script);
    out.write_all(&script)?;
    Ok(())
}

pub fn man(_args: &ManArgs, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut page = Vec::new();
    clap_mangen::Man::new(Cli::command()).render(&mut page)?;
    out.write_all(&page)?;
    Ok(())
}
