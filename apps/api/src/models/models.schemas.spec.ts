import { ModelsQuery } from './models.schemas.js';

describe('ModelsQuery', () => {
  it('lists up to 100 versions unless told fewer', () => {
    expect(ModelsQuery.parse({})).toEqual({ limit: 100 });
    expect(ModelsQuery.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(ModelsQuery.parse({ limit: '100' })).toEqual({ limit: 100 });
  });

  it.each(['-1', '0', '101', '2.5', 'ten', ''])('refuses limit=%s, naming the field and the range', (limit) => {
    const result = ModelsQuery.safeParse({ limit });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((issue) => [issue.path.join('.'), issue.message])).toEqual([['limit', 'must be a whole number from 1 to 100']]);
  });
});
