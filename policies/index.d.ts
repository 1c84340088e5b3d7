/** Absolute path of the folder that holds the built-in rule files. */
export declare const builtinRulesDir: string;
/** Absolute path of the folder that holds the fixtures of the built-in rules. */
export declare const builtinFixturesDir: string;
/** Absolute path of the built-in pack (rules/ and fixtures/ beneath it). */
export declare const builtinPackDir: string;
/** The built-in pack's precompiled rules module (generated at build time), or `undefined` when absent. */
export declare function loadBuiltinPrecompiled(): Promise<unknown>;
/** True in the check bundle only, whose build checked the precompiled module against the rule files it ships. */
export declare const builtinPrecompiledVerified: boolean;
