// What a module's text says beyond its definitions (splice.ts): it uses an OTP behaviour, does slow IO, has a
// receive block, spawns. Found by scanning the module's whole text, which costs more than the rest of a keystroke
// in a 7 000-line module; so each cached module keeps them, and after an edit only the text around it is scanned.
import { OTP_USE } from './module-syntax';
import { RECEIVE_BLOCK, SPAWNS, usesOtp } from './module-scope';
import { SLOW_IO } from './registry';

export interface TextFlags {
  otp: boolean;
  slowIo: boolean;
  receives: boolean;
  spawns: boolean;
}

/** The flags of a top-level module's text (starting with its `defmodule`). */
export function textFlags(text: string): TextFlags {
  return { otp: usesOtp(text, 0, text.length), slowIo: SLOW_IO.test(text), receives: RECEIVE_BLOCK.test(text), spawns: SPAWNS.test(text) };
}

/** Whether spawned code of the module may hand off to a receive loop (module-scope.ts: mayHandOff). */
export const handsOff = (f: TextFlags): boolean => f.receives;

// Every pattern the flags depend on, and `defmodule` (usesOtp stops at a nested module).
const PATTERNS = [OTP_USE, SLOW_IO, RECEIVE_BLOCK, SPAWNS, /\bdefmodule\b/];

/**
 * Whether a character can be part of a match of PATTERNS: word characters, whitespace, `( . : @`. A match that
 * touches an edit lies in the run of such characters around it, and the characters bounding that run are not
 * word characters, so `\b` reads the same in the run alone as in the whole text.
 */
function inMatch(code: number): boolean {
  if (code < 128) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 40 || code === 46 || code === 58 || code === 64 || code === 32 || (code >= 9 && code <= 13);
  return /\s/.test(String.fromCharCode(code));
}

function runAround(text: string, from: number, to: number): string {
  while (from > 0 && inMatch(text.charCodeAt(from - 1))) from--;
  while (to < text.length && inMatch(text.charCodeAt(to))) to++;
  return text.slice(from, to);
}

/**
 * The flags of `text`, an edit of `oldText` (flags `old`) that replaced [prefix, oldEnd) by [prefix, newEnd).
 * When no pattern matches around the edit, before or after it, every match lies in text the edit kept: the flags
 * stay. Otherwise the new text is scanned whole.
 */
export function flagsAfterEdit(old: TextFlags, oldText: string, text: string, prefix: number, oldEnd: number, newEnd: number): TextFlags {
  // The first characters are the module's `defmodule`, which usesOtp skips.
  if (prefix < 10) return textFlags(text);
  return touchesFlags(oldText, text, prefix, oldEnd, newEnd) ? textFlags(text) : old;
}

/**
 * Whether a pattern the flags (or usesOtp's stop at a nested module) depend on matches around the edit, before or
 * after it; when none does, every such answer about any module of the text is the same after the edit.
 */
export function touchesFlags(oldText: string, text: string, prefix: number, oldEnd: number, newEnd: number): boolean {
  const before = runAround(oldText, prefix, oldEnd);
  const after = runAround(text, prefix, newEnd);
  return PATTERNS.some((re) => re.test(before) || re.test(after));
}
