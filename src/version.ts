// The package version: scripts/build/build.mjs defines OTP_ADVISOR_VERSION in every bundle; the sources run
// unbundled (under vitest) say 0.0.0-dev.
declare const OTP_ADVISOR_VERSION: string | undefined;

export const VERSION = typeof OTP_ADVISOR_VERSION === 'string' ? OTP_ADVISOR_VERSION : '0.0.0-dev';
