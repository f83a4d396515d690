// Copied from codegen/runtime/dates.ts by the acr-tokens emitter (codegen/) from the spec configured in swagger/README.md.
// DO NOT EDIT: `npm run generate` rewrites this file. Change codegen/, swagger/README.md or src/customizations/.

// Dates from the wire. ARM sends RFC 3339 timestamps; `new Date(text)` parses them through V8's
// general date parser, which is most of the cost of reading a long list. This reads the common
// shape (YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)) digit by digit and hands anything else,
// including every out-of-range field, to `new Date` itself, so the result is always the one
// `new Date(text)` gives (test/properties/dates.test.ts holds the two against each other).

const ZERO = 48;

/** The digit at `i` as a number, or -1 when it is not a digit. */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - ZERO;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigits(text: string, i: number): number {
  const a = digit(text, i);
  const b = digit(text, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** `new Date(text)`, faster for the timestamps ARM sends. */
export function parseDateTime(text: string): Date {
  const n = text.length;
  if (n < 20 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(10) !== 84 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) {
    return new Date(text);
  }
  const century = twoDigits(text, 0);
  const yy = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  // Years before 100 (Date.UTC reads them as 19xx), hour 24 and the like: V8 decides.
  if (century < 1 || yy < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) {
    return new Date(text);
  }
  let i = 19;
  let ms = 0;
  if (text.charCodeAt(i) === 46) {
    // A fraction: V8 keeps the first three digits (truncating) and takes up to nine.
    let count = 0;
    i++;
    for (let d = digit(text, i); d >= 0; d = digit(text, ++i)) {
      if (count < 3) ms = ms * 10 + d;
      count++;
    }
    if (count === 0 || count > 9) return new Date(text);
    for (; count < 3; count++) ms *= 10;
  }
  let offset = 0;
  const zone = text.charCodeAt(i);
  if (zone === 90 && i + 1 === n) {
    offset = 0;
  } else if ((zone === 43 || zone === 45) && i + 6 === n && text.charCodeAt(i + 3) === 58) {
    const oh = twoDigits(text, i + 1);
    const om = twoDigits(text, i + 4);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return new Date(text);
    offset = (zone === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return new Date(text);
  }
  const days = daysFromCivil(century * 100 + yy, month, day);
  return new Date(((days * 24 + hour) * 60 + minute - offset) * 60_000 + second * 1000 + ms);
}

/** Days since 1970-01-01 of a proleptic Gregorian date; a day past the month's end rolls over, as in Date.UTC. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}
