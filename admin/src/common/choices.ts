import * as vocab from '@fupin/schema';

type VocabularyName = {
  [K in keyof typeof vocab]: (typeof vocab)[K] extends { values: readonly string[]; labels: object } ? K : never;
}[keyof typeof vocab];

/** SelectInput/SelectField choices of a shared enum; names are i18n keys (react-admin translates them). */
export function choicesOf(name: VocabularyName): { id: string; name: string }[] {
  return (vocab[name] as { values: readonly string[] }).values.map((v) => ({ id: v, name: `fupin.enum.${name}.${v}` }));
}

/** Yes/No choices for boolean filters. */
export const yesNo = [
  { id: true, name: 'ra.boolean.true' },
  { id: false, name: 'ra.boolean.false' },
];
