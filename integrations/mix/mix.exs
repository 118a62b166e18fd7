# `mix otp_advisor`: runs the OTP Advisor CLI (a Node program) on the current mix project.
# Add it as a dev/test dependency; it has no runtime part and no dependencies of its own.
defmodule OtpAdvisor.MixProject do
  use Mix.Project

  def project do
    [
      app: :otp_advisor,
      version: "0.1.0",
      elixir: "~> 1.11",
      deps: [],
      description: "mix otp_advisor: flags premature OTP and process anti-patterns with the OTP Advisor CLI",
      package: [licenses: ["MIT"], links: %{"GitHub" => "https://github.com/otp-advisor/otp-advisor"}]
    ]
  end

  def application, do: [extra_applications: []]
end
