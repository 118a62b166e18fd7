import rule from '../../../src/analysis/rules/otp103-unmanaged-resource';
import { runRuleTests } from '../../helpers/rule-tester';

const client = `defmodule Metrics.Client do
  def connect(host, port) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary, active: false])
    :persistent_term.put(:metrics_socket, socket)
  end

  def send_metric(socket, line), do: :gen_tcp.send(socket, line)
end
`;

runRuleTests(rule, {
  valid: [
    {
      name: 'a transport implementing a behaviour returns the socket to the process that called it',
      phase: 'refactor',
      code: `defmodule Island.Transports.TCP do
  @behaviour Island.Transport

  def listen(port, opts) do
    :gen_tcp.listen(port, opts)
  end
end
`,
    },
    {
      name: 'opened in init/1: the process being started owns it',
      phase: 'refactor',
      code: `defmodule Serial.Reader do
  def init(path) do
    port = Port.open({:spawn, "cat " <> path}, [:binary])
    {:ok, port}
  end
end
`,
    },
    { name: 'off in GREEN', code: client },
    { name: 'off in RED', code: client, phase: 'red' },
    {
      name: 'closed in the same function',
      phase: 'refactor',
      code: `defmodule Metrics.Client do
  def send_metrics(host, port, lines) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary, active: false])

    try do
      Enum.each(lines, &:gen_tcp.send(socket, &1))
    after
      :gen_tcp.close(socket)
    end
  end
end
`,
    },
    {
      name: 'File.open with a function closes the file itself',
      phase: 'refactor',
      code: `defmodule Export do
  def write(path, rows) do
    File.open(path, [:write], fn file -> Enum.each(rows, &IO.write(file, &1)) end)
  end
end
`,
    },
    {
      name: 'handed to another process with controlling_process',
      phase: 'refactor',
      code: `defmodule Acceptor do
  def accept(listen, handler) do
    {:ok, socket} = :gen_tcp.accept(listen)
    {:ok, conn} = :ssl.connect(socket, [])
    :ok = :ssl.controlling_process(conn, handler)
    {:ok, conn}
  end
end
`,
    },
    {
      name: 'a port read to the end by a helper, as System.cmd does',
      phase: 'refactor',
      code: `defmodule Shell do
  def run(cmd, args) do
    port = Port.open({:spawn_executable, cmd}, [:binary, :exit_status, args: args])
    collect(port, "")
  end

  defp collect(port, acc) do
    receive do
      {^port, {:data, data}} -> collect(port, acc <> data)
      {^port, {:exit_status, status}} -> {acc, status}
    end
  end
end
`,
    },
    {
      name: 'a private helper returning the port to its own module',
      phase: 'refactor',
      code: `defmodule Node.Starter do
  def start(path), do: {:ok, open(path)}
  defp open(path), do: Port.open({:spawn_executable, path}, [:binary])
end
`,
    },
    {
      name: 'a GenServer owns its socket',
      phase: 'refactor',
      code: `defmodule Metrics.Conn do
  use GenServer

  def init({host, port}) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary])
    {:ok, %{socket: socket}}
  end
end
`,
    },
    {
      name: "opened for a process of the project that calls it (a driver's protocol module)",
      phase: 'refactor',
      files: {
        'lib/metrics/client.ex': client.replace(':persistent_term.put(:metrics_socket, socket)', 'socket'),
        'lib/metrics/conn.ex': `defmodule Metrics.Conn do
  use GenServer

  def init({host, port}), do: {:ok, %{socket: Metrics.Client.connect(host, port)}}
end
`,
      },
    },
    {
      name: 'a factory returning the socket, in a tuple or a map, through case or with: its caller\'s process owns it',
      phase: 'refactor',
      code: `defmodule Devices do
  def connect(host, port) do
    {:ok, socket} = :gen_tcp.connect(host, port, [:binary, active: false])
    socket
  end

  def open_serial(path), do: {:ok, Port.open({:spawn, "cat " <> path}, [:binary])}

  def secure(host) do
    case :ssl.connect(host, 443, []) do
      {:ok, sock} -> {:ok, %{socket: sock, host: host}}
      error -> error
    end
  end

  def listen(port) do
    with {:ok, l} <- :gen_udp.open(port, [:binary]) do
      {:ok, l}
    end
  end
end
`,
    },
  ],
  invalid: [
    {
      name: 'a socket stashed in :persistent_term for whichever process reads it',
      code: client,
      phase: 'refactor',
      errors: [{ messageId: 'unmanaged', line: 3, column: 21, severity: 'information', message: '`:gen_tcp.connect` in connect/2' }],
    },
    {
      name: 'stored inside a tuple or a map, through case or with, with Process.put, :persistent_term or ETS',
      phase: 'refactor',
      code: `defmodule Devices do
  def open_serial(path), do: :ets.insert(:devices, {:serial, Port.open({:spawn, "cat " <> path}, [:binary])})

  def secure(host) do
    case :ssl.connect(host, 443, []) do
      {:ok, sock} -> :persistent_term.put({__MODULE__, host}, %{socket: sock, host: host})
      error -> error
    end
  end

  def listen(port) do
    with {:ok, l} <- :gen_udp.open(port, [:binary]) do
      Process.put(:udp, {:ok, l})
    end
  end

  def log_to(path) do
    file = File.open!(path, [:append])
    Process.put(:log_file, file)
    :ok
  end
end
`,
      errors: [
        { messageId: 'unmanaged', line: 2, message: '`Port.open` in open_serial/1' },
        { messageId: 'unmanaged', line: 5, message: '`:ssl.connect` in secure/1' },
        { messageId: 'unmanaged', line: 12, message: '`:gen_udp.open` in listen/1' },
        { messageId: 'unmanaged', line: 18, message: '`File.open!` in log_to/1' },
      ],
    },
  ],
});
