import { Ajv, type Options } from 'ajv';
import formatsModule from 'ajv-formats';

type FormatsPlugin = (ajv: Ajv) => Ajv;

/** ajv-formats is CommonJS: under NodeNext its default import may be the plugin or a `{ default }` wrapper. */
function formatsPlugin(): FormatsPlugin {
  const candidate = formatsModule as unknown as FormatsPlugin | { default: FormatsPlugin };
  return typeof candidate === 'function' ? candidate : candidate.default;
}

/** A new ajv instance with the standard formats (date-time, uuid, int32, double, …) registered. */
export function createAjv(options: Options): Ajv {
  const ajv = new Ajv(options);
  formatsPlugin()(ajv);
  return ajv;
}
