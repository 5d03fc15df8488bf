import { describe, expect, it } from 'vitest';
import * as keys from '../../../shared/store/keys.js';

const S = 'space-7';

describe('CRM key builders', () => {
  it('start every partition key with the Space (D6)', () => {
    const built = [
      keys.contactKey(S, 'C'), keys.contactEmailKey(S, 'a@x.example'), keys.contactTokenKey(S, 'jane', 'C'),
      keys.contactActivityKey(S, '2026', 'C'), keys.companyKey(S, 'K'), keys.companyDomainKey(S, 'x.example'),
      keys.productKey(S, 'P'), keys.productSkuKey(S, 'sku-1'), keys.mergeJobKey(S, 'contact', 'J'), keys.companyMemberKey(S, 'K', 'C'),
    ].map((k) => k.pk);
    const partitions = [
      keys.contactListPartition(S, 'live'), keys.contactTokenPartition(S, 'ü'), keys.contactActivityPartition(S),
      keys.companyListPartition(S, 'archived'), keys.productListPartition(S, 'active'), keys.relatedPartition(S, 'contact', 'C'),
    ];

    for (const pk of [...built, ...partitions]) expect(pk.startsWith(`${keys.spacePrefix(S)}#`)).toBe(true);
  });

  it('shards search tokens by their first character, emoji included', () => {
    expect(keys.contactTokenPartition(S, '🚀launch')).toBe(`space#${S}#ctok#🚀`);
  });

  it('makes sku reservations case-insensitive', () => {
    expect(keys.productSkuKey(S, 'ab-1')).toEqual(keys.productSkuKey(S, 'AB-1'));
  });
});
