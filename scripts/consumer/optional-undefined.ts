// Optional parameters take `undefined` (and send nothing), so values that may be unset go in as they
// are under exactOptionalPropertyTypes: checked here for every optional parameter of every action.
import { createLosantClient, type LosantApi } from '@losant-sdk/sdk';

const losant = createLosantClient({ token: process.env['LOSANT_TOKEN'] });

export async function filtered(): Promise<number | undefined> {
  const page = await losant.devices.get({
    applicationId: '575ec8687ae143cd83dc4a97',
    filter: process.env['FILTER'],
    perPage: process.env['PER_PAGE'],
    losantdomain: undefined,
  });
  return page.count;
}

/** Is some optional property of T one that refuses `undefined`? */
type RefusesUndefined<T> = true extends {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends Pick<T, K>`: "is K optional?"
  [K in keyof T]-?: {} extends Pick<T, K> ? ({ [P in K]: undefined } extends Pick<T, K> ? false : true) : false;
}[keyof T]
  ? true
  : false;
type ParamsOf<F> = F extends (params?: infer P, ...rest: never[]) => unknown ? NonNullable<P> : never;
type Resources = Exclude<keyof LosantApi, 'client' | 'withToken'>;
/** `resource.action` of every action whose params have an optional property that refuses undefined. */
type Refusing = {
  [R in Resources]: {
    [A in keyof LosantApi[R] & string]: RefusesUndefined<ParamsOf<LosantApi[R][A]>> extends true ? `${R}.${A}` : never;
  }[keyof LosantApi[R] & string];
}[Resources];
const none: [Refusing] extends [never] ? true : Refusing = true;
export { none };
