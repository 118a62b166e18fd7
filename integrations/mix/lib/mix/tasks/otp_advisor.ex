defmodule Mix.Tasks.OtpAdvisor do
  @shortdoc "Flags premature OTP and process anti-patterns (runs the otp-advisor CLI)"

  @moduledoc """
  Runs [OTP Advisor](https://github.com/otp-advisor/otp-advisor) on the current project and exits
  with its exit code.

      mix otp_advisor                          # otp-advisor check .
      mix otp_advisor --phase refactor --format sarif --output otp.sarif
      mix otp_advisor --only OTP001,OTP023     # or --ignore OTP010
      mix otp_advisor --baseline .otp-advisor-baseline.json
      mix otp_advisor baseline .otp-advisor-baseline.json
      mix otp_advisor explain lib/shop/cart.ex:19
      mix otp_advisor explain OTP001

  Arguments go to the CLI unchanged; without a command (`check`, `explain`, `baseline`) they are
  options of `check`, and the project's folder is checked when no path is given.

  OTP Advisor is a Node.js program (Node 18 or later). The task looks for it, in this order:

    1. the `OTP_ADVISOR_CLI` environment variable, then `config :otp_advisor, cli: "..."`: the path
       of the `otp-advisor` executable or of its `dist/cli.js`;
    2. `node_modules/.bin/otp-advisor` in the project (`npm install --save-dev otp-advisor`);
    3. `otp-advisor` on the PATH (`npm install -g otp-advisor`);
    4. `npx --no-install otp-advisor`, which finds a copy npx already has.

  Exit codes are the CLI's: 0 no finding at or above `--fail-on` (default `warning`), 1 some,
  2 a usage error or an unreadable path or baseline.
  """

  use Mix.Task

  @commands ~w(check explain baseline)
  @install """
  Install it with one of:
    npm install --save-dev otp-advisor    (in this project: node_modules/.bin/otp-advisor)
    npm install -g otp-advisor            (on the PATH)
  or point OTP_ADVISOR_CLI (or `config :otp_advisor, cli: "..."`) at an otp-advisor executable.
  """

  @impl Mix.Task
  def run(argv) do
    # `config :otp_advisor, cli: ...` in the project's config files.
    Mix.Task.run("loadconfig")
    {command, prefix} = find_cli!()
    {_streamed, status} = System.cmd(command, prefix ++ cli_args(argv), into: IO.binstream(:stdio, :line))
    if status != 0, do: exit({:shutdown, status})
    :ok
  end

  @doc false
  # `mix otp_advisor --phase red` is `otp-advisor check --phase red`; a command is passed as given.
  def cli_args([command | _] = argv) when command in @commands, do: argv
  def cli_args(argv), do: ["check" | argv]

  @doc false
  # The command to run and the arguments before the user's: `{"otp-advisor", []}`, `{node, [cli.js]}`,
  # or `{npx, ["--no-install", "otp-advisor"]}`.
  def find_cli! do
    configured() || local_bin() || on_path() || via_npx() ||
      Mix.raise(not_found_message())
  end

  defp configured do
    case System.get_env("OTP_ADVISOR_CLI") || Application.get_env(:otp_advisor, :cli) do
      nil ->
        nil

      "" ->
        nil

      path ->
        path = Path.expand(path)

        unless File.regular?(path) do
          Mix.raise("OTP Advisor: the configured CLI #{path} does not exist (OTP_ADVISOR_CLI or config :otp_advisor, cli:).")
        end

        if String.ends_with?(path, ".js"), do: {node!(), [path]}, else: {path, []}
    end
  end

  defp local_bin do
    path = Path.join([File.cwd!(), "node_modules", ".bin", executable("otp-advisor")])
    if File.regular?(path), do: {node_checked(path), []}
  end

  defp on_path do
    case System.find_executable("otp-advisor") do
      nil -> nil
      path -> {node_checked(path), []}
    end
  end

  # npx runs a package it already has (a local or global install, or its cache); --no-install keeps
  # it from downloading one. A probe first, so "not installed" is not mistaken for "findings" (exit 1).
  defp via_npx do
    with npx when is_binary(npx) <- System.find_executable("npx"),
         {_, 0} <- System.cmd(npx, ["--no-install", "otp-advisor", "--version"], stderr_to_stdout: true) do
      {npx, ["--no-install", "otp-advisor"]}
    else
      _ -> nil
    end
  end

  # The otp-advisor executable is a Node script: without Node, say what to install rather than fail in the shell.
  defp node_checked(path) do
    node!()
    path
  end

  defp node!, do: System.find_executable("node") || Mix.raise(no_node_message())

  defp no_node_message do
    """
    OTP Advisor needs Node.js 18 or later, and `node` is not on the PATH.
    Install Node.js (https://nodejs.org, or your system's package, e.g. `apt install nodejs`), then run
    `mix otp_advisor` again.
    """
  end

  defp not_found_message do
    if System.find_executable("node") do
      "OTP Advisor: the otp-advisor CLI was not found.\n" <> @install
    else
      no_node_message() <> "\nThen the otp-advisor CLI. " <> @install
    end
  end

  defp executable(name) do
    case :os.type() do
      {:win32, _} -> name <> ".cmd"
      _ -> name
    end
  end
end
