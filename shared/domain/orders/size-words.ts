/**
 * "one metre and two metre", "three inch hinges": a length written in words is a size, as "1m" is.
 * The word becomes its digit, padded in front with spaces to the same length (so positions still
 * point into the line as written) and one space before the unit, so the two join as a spec.
 */
const DIGIT: Readonly<Record<string, string>> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10', twelve: '12',
};
const SIZE_WORD = /\b(one|two|three|four|five|six|seven|eight|nine|ten|twelve)([\s-]+)(?=(?:metres?|meters?|inch(?:es)?|litres?|liters?)\b)/gi;

export function spellSizes(line: string): string {
  if (!/(?:metre|meter|inch|litre|liter)/i.test(line)) return line;
  return line.replace(SIZE_WORD, (whole, word: string) => {
    const digit = DIGIT[word.toLowerCase()] as string;
    return `${' '.repeat(whole.length - digit.length - 1)}${digit} `;
  });
}
