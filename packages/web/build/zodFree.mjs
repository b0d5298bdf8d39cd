// What the browser bundles get for `zod`: the names core's schemas call, each returning a schema that
// accepts its value as it is. See build.mjs ("No zod in the browser") for why that is safe for the widgets.
const schema = {
  "~standard": { version: 1, vendor: "hogkit-browser", validate: (value) => ({ value }) },
  safeParse: (data) => ({ success: true, data }),
  shape: {},
  check: () => schema
}
const any = () => schema

export {
  any as array,
  any as boolean,
  any as enum,
  any as int,
  any as literal,
  any as looseObject,
  any as maxLength,
  any as nonnegative,
  any as nullable,
  any as nullish,
  any as number,
  any as optional,
  any as positive,
  any as record,
  any as refine,
  any as strictObject,
  any as string,
  any as union,
  any as unknown,
  any as uuid
}
// Core installs zod's English messages when no locale is set; there are no messages to install here.
export const core = { globalConfig: { localeError: () => undefined } }
export const config = () => undefined
export const locales = { en: () => ({}) }
