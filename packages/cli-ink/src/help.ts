/** Help texts. Kept apart from the commands so `--help` loads nothing else. Every text names its exit codes. */
export const HELP = {
  main: `atlas-cmk — MongoDB Atlas encryption at rest with customer-managed keys in Azure Key Vault, over Private Link, as code.

Usage: atlas-cmk <command> [options]

Commands:
  check PATH…            Check desired-state files against the schema and the static policy (offline).
  plan PATH…             Read live Atlas state, make the plan, run the policy and Azure pre-flight, print it.
  apply PATH… | --plan F Apply a plan with a progress view.
  preflight PATH…        Check with the Azure identity that the Azure side is ready (reads only).
  status PATH… | --project ID
                         Show the live encryption configuration and every endpoint with its status.
  export --project ID    Write a desired-state document for an existing project.
  drift PATH…            Report every difference from the desired state and every health problem.
  reconcile PATH…        Plan and apply the allowed changes, once or every --interval with --watch.
  comment --plan FILE    Post a saved plan as one sticky pull-request comment.
  policy test [DIR…]     Run the fixtures of the built-in rule pack or of user packs.
  sim                    Start the local Atlas + Azure simulator.
  demo                   Start an embedded simulator, then plan and apply the examples against it.

Options:
  -h, --help             Show help for atlas-cmk or for a command (atlas-cmk <command> --help).
  -v, --version          Print the version.

Run 'atlas-cmk <command> --help' for the options and exit codes of a command. Every command ends with exit
code 141 and no message when the reader of its output goes away (a closed pipe, as in '| head -1'), and with
exit code 1 and one line when its output cannot be written (a full disk).
`,
  check: `Usage: atlas-cmk check [options] PATH…

Check desired-state files against the JSON Schema and the static policy rules. Offline and fast: it needs no
credentials and never resolves secret references. PATH may be a file, a folder (searched for *.yaml/*.yml) or a glob.

Options:
  --format FORMAT     text (default), json, sarif or github (workflow annotations + job summary)
  --policy DIR        Add a user rule pack (a folder of rule YAML files, or a pack with rules/); repeatable
  --fail-on LEVEL     Lowest severity that fails the check: error (default), warning or info
  -o, --output FILE   Write the report to FILE instead of standard output
  --skip-other-yaml   Skip YAML of other tools (no atlas-cmk apiVersion or kind) also in files named one by one,
                      with an info note, as folders and globs do; the pre-commit hook passes every staged YAML file
  -h, --help          Show this help

Exit codes:
  0  no findings at or above --fail-on (waived findings do not count)
  1  violations: schema errors, YAML errors or policy findings
  2  usage or tool error (unknown option, unreadable path, invalid rule pack)
`,
  plan: `Usage: atlas-cmk plan [options] PATH…

Read the live state of every project the files describe (four requests per project, and a DELETE of an endpoint
id that cannot exist, which reveals an inactive project), make the plan, run the static, live and plan policy (plan
rules judge what the change does: destructive steps, key rotation, approvals), and print the ordered plan: resource
changes like Terraform (+ create, ~ update, - destroy, -/+ replace) and numbered steps with their dependencies. More
than one endpoint in use in a region is drift: the extras are deleted. Then the Azure pre-flight checks of
'atlas-cmk preflight' run with the Azure identity on every planned project with CMK enabled (reads only). Nothing is
changed. A policy error or a failing check stops the plan: it is neither printed nor saved, and the located
findings are printed on standard error. Without any Azure identity configured (AZURE_TENANT_ID, AZURE_CLIENT_ID,
AZURE_FEDERATED_TOKEN_FILE, a managed identity endpoint, an az login), the checks are skipped with one notice on
standard error; a configured identity that cannot sign in or read Azure is an error naming the failing request.

Options:
  --format FORMAT       text (default), json, or markdown (a pull-request comment)
  --out FILE            Also save the plan as JSON (owner-only permissions) for 'atlas-cmk apply --plan FILE'
                        (with ATLAS_CMK_PLAN_KEY set, also a detached signature FILE.sig)
  --skip-preflight      Do not run the Azure pre-flight checks (no Azure request at all, and no notice)
  --preflight           Require the Azure pre-flight checks: no usable Azure identity is an error, not a notice
  --findings-out FILE   Also write every policy finding (waived ones included) to FILE, even when policy stopped
                        the plan, in --findings-format
  --findings-format F   sarif (default; for code-scanning upload), json or text for --findings-out; or github:
                        workflow annotations on standard output before the text plan, and every finding in
                        $GITHUB_STEP_SUMMARY
  --detailed-exitcode   Exit 2 when there are changes, 0 when there are none
  --parallelism N       Requests and projects in flight at once (default 8)
  --shard i/n           Plan only the projects of shard i of n (deterministic by project id; for CI matrices)
  --rotate-secret ID    Send the Azure client secret again for project ID ("all" for every project): Atlas
                        never returns the secret, so a new secret behind the same reference is sent on purpose
  --policy DIR          Add a user rule pack; repeatable
  -h, --help            Show this help

Environment:
  MONGODB_ATLAS_BASE_URL                  Atlas base URL (default https://cloud.mongodb.com)
  MONGODB_ATLAS_CLIENT_ID/_CLIENT_SECRET  Service account (OAuth 2.0 client credentials), preferred
  MONGODB_ATLAS_PUBLIC_API_KEY/_PRIVATE_API_KEY
                                          Programmatic API key (HTTP Digest)
  AZURE_*, ATLAS_CMK_AZURE_*, ATLAS_CMK_GRAPH_URL
                                          The Azure identity and endpoints of the pre-flight checks, as for
                                          atlas-cmk preflight

Exit codes:
  0  the plan was made (with --detailed-exitcode: and there are no changes)
  1  error: invalid input or options, a static, live or plan policy error, a failing Azure pre-flight check,
     credentials or a request that failed (Atlas or Azure)
  2  with --detailed-exitcode: the plan has changes
`,
  apply: `Usage: atlas-cmk apply [options] PATH…
       atlas-cmk apply [options] --plan FILE

With PATH…: make the plan (as atlas-cmk plan does), show it, ask for confirmation (only "yes" is accepted), re-read
the live state and refuse if it changed since the plan shown, then apply it. With --plan FILE: apply a plan saved by 'atlas-cmk plan --out FILE' without asking. The file's steps are
never run as written: its desired state is checked and planned again against the live state, and the result runs
only when it equals the saved plan; a changed live state ("stale") or an edited file is refused, naming the first
difference, and nothing is changed. With ATLAS_CMK_PLAN_KEY set, the plan's detached signature FILE.sig
(written by plan --out with the same key) must match. The runner executes exactly the plan's steps as a graph:
endpoints in different regions progress in parallel; a failed step skips what depends on it. Ctrl-C stops
cleanly: no new step starts, waits end, and the summary follows. A second Ctrl-C quits at once without the summary
(exit 130). Either way, running apply again re-reads the live state and continues. Applies that overlap on one
project end with one endpoint per region; a run that meets another says "another apply is changing project ID".

Options:
  --plan FILE              Apply a saved plan
  --allow-secret-file PATH A \${file:…} secret outside the repository that may be read (repeatable); by default
                           secret files must resolve, symlinks followed, inside the repository root
  --auto-approve           Do not ask (needed without a terminal)
  --format FORMAT          auto (default: a live view on a terminal, plain lines otherwise), plain, or ndjson
                           (one JSON event per line on stdout)
  --parallelism N          Requests in flight at once, 1-64 (default 8)
  --concurrency N          Steps in flight at once, 1-64 (default: --parallelism)
  --poll-interval D        First interval between status polls, at least 1s (default 10s; backs off to 3x)
  --endpoint-timeout D     Deadline of an endpoint wait (default 15m; Atlas takes up to 3 minutes to reflect)
  --approval-timeout D     Deadline for a person to approve a connection (approval: manual; default 60m)
  --cluster-timeout D      Deadline for a cluster to return to IDLE (default 60m)
  --shard i/n, --rotate-secret ID, --policy DIR, --skip-preflight, --preflight
                           As for atlas-cmk plan (with PATH…: the Azure pre-flight checks run before the plan is
                           shown; a saved plan is not checked again, it ran them when it was made)
  -h, --help               Show this help

Durations: 90s, 15m, 1h. Approval: 'approval: manual' prints the exact 'az keyvault private-endpoint-connection
approve' command and waits; 'approval: azure' approves through Azure Resource Manager, signing in with
@azure/identity: AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET, or + AZURE_FEDERATED_TOKEN_FILE (workload
identity), else managed identity, then 'az login'. AZURE_AUTHORITY_HOST and ATLAS_CMK_AZURE_ARM_URL override the
endpoints.

Exit codes:
  0  converged: every step succeeded (or there was nothing to do)
  1  failed, interrupted, refused (stale plan, no terminal to confirm on, not confirmed) or invalid input
`,
  comment: `Usage: atlas-cmk comment --plan FILE [options]

Post a saved plan (atlas-cmk plan --out FILE) on a pull request as ONE sticky comment. The comment is found again
by a hidden marker and updated in place on every run; it says "No changes" when there are none, stays within
GitHub's 65,536-character limit, and never contains a secret.

Options:
  --plan FILE           The saved JSON plan to post (required)
  --key KEY             One sticky comment per key (e.g. per shard or environment; default "default")
  --pull-request N      The pull request number (default: read from GITHUB_EVENT_PATH in GitHub Actions)
  -h, --help            Show this help

Environment:
  GITHUB_TOKEN          A token allowed to comment (pull-requests: write); never printed
  GITHUB_REPOSITORY     owner/repo (set by GitHub Actions)
  GITHUB_EVENT_PATH     The event file the pull request number is read from (set by GitHub Actions)
  GITHUB_API_URL        API base URL (default https://api.github.com; GitHub Enterprise: https://HOST/api/v3)

Exit codes:
  0  the comment was created, updated, or already up to date
  1  error: missing settings, an unreadable plan, or GitHub refused the request
`,
  demo: `Usage: atlas-cmk demo [options]

Start an embedded simulator of Atlas and Azure with the example world, plan the example desired-state files
against it, apply the plan with the live progress view (approving the private endpoints in the simulated Azure),
and plan again to show nothing is left to do. Needs no account and no credentials; finishes in well under a
minute.

Options:
  --format FORMAT     auto (default: the live view on a terminal, plain lines otherwise), plain, or ndjson
  --time-scale X      Simulated seconds per real second (default 20)
  -h, --help          Show this help

Exit codes:
  0  the examples converged
  1  the demo failed
`,
  policy: `Usage: atlas-cmk policy test [options] [DIR…]

Run every rule's pass and fail fixtures, like 'opa test'. Without DIR, the built-in pack is tested. A DIR is a pack
folder holding rules/ and fixtures/<rule-id>/{pass,fail}/*.yaml (live rules take their live facts from a sibling
<name>.live.yaml).

Options:
  --format FORMAT     text (default) or json
  -h, --help          Show this help

Exit codes:
  0  every fixture gave the expected result
  1  at least one fixture failed
  2  usage or tool error (unknown option, unreadable folder, invalid rule pack)
`,
  preflight: `Usage: atlas-cmk preflight [options] PATH…

Check, with the Azure identity, that the Azure side of every project the files describe is ready, before Atlas
fails late (valid: false, endpoints that wait forever, paused clusters). Only reads: nothing is written to Atlas
or Azure. Each failing check is a finding at the field it concerns, with its id and the exact fix (an az command):

  azure/provider-registered              Microsoft.KeyVault and Microsoft.Network are registered in the subscription
  azure/vault-exists                     the vault exists in the resource group and subscription
  azure/key-usable                       the key version exists, is enabled, not expired, not yet-to-be-valid, and
                                         permits wrapKey/unwrapKey (or encrypt/decrypt)
  azure/approver-can-write-connections   with approval: azure, the identity may write private endpoint connections
  azure/app-secret-not-expiring          the app Atlas signs in with (clientID) has a client secret that does not
                                         expire within --secret-expiry-days (Microsoft Graph passwordCredentials)

Options:
  --format FORMAT     text (default), json, sarif or github (workflow annotations + job summary)
  -o, --output FILE   Write the report to FILE instead of standard output
  --secret-expiry-days N
                      Report Atlas's app secret when every secret expires within N days (default 30)
  -h, --help          Show this help

Environment:
  AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (or AZURE_FEDERATED_TOKEN_FILE; else managed identity,
  then az login), AZURE_AUTHORITY_HOST, ATLAS_CMK_AZURE_ARM_URL as for apply; ATLAS_CMK_AZURE_KEYVAULT_URL: the
  Key Vault URL with {vaultName} (default https://{vaultName}.<the key's DNS suffix>); ATLAS_CMK_GRAPH_URL:
  Microsoft Graph (default https://graph.microsoft.com). The identity reads the subscription's providers, the
  vault, its own permissions on it and the key (keys/get), and the app registration (Application.Read.All).

Exit codes:
  0  every check passed
  1  a check failed, or the files are invalid
  2  usage error, or Azure could not be asked (missing settings, sign-in, network)
`,
  status: `Usage: atlas-cmk status [options] PATH…
       atlas-cmk status [options] --project ID…

Show the live encryption configuration of each project the files describe (or of each --project): whether the
customer-managed key is enabled, the key vault and key version, whether Atlas can use the key (valid), private
networking; every endpoint with its region, status, id, connection name, error message and what to do next; and
the clusters with their tier, regions, encryption provider, state and whether they are paused. A key Atlas cannot
use (valid: false), paused clusters, an inactive project and regions with more than one endpoint in use are
called out first. Changes nothing: four reads per project, plus a DELETE of an endpoint id that cannot exist,
which is how Atlas reveals an inactive project (cmk/project-active); never prints a secret.

Options:
  --project ID        An Atlas project id (24 hex characters); repeatable. Instead of PATH…
  --format FORMAT     text (default) or json (a stable document: formatVersion, projects, failures)
  -h, --help          Show this help

Environment:
  MONGODB_ATLAS_BASE_URL, MONGODB_ATLAS_CLIENT_ID/_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY/_PRIVATE_API_KEY
                      As for atlas-cmk plan; Atlas lets only the Project Owner role list the endpoints
  NO_COLOR, FORCE_COLOR
                      Turn colour off or on (default: on for a terminal)

Exit codes:
  0  every project was read
  1  error: invalid files or options, missing or rejected credentials, an unknown project, Atlas unavailable,
     or an inactive project (cmk/project-active)
`,
  drift: `Usage: atlas-cmk drift [options] PATH…

Read the live state and report every difference from the desired state (the plan's resource changes), plus
health that no desired file states: a key Atlas cannot use (valid: false), paused clusters, endpoints FAILED or
PENDING_RECREATION, an inactive organization. Reads only (four GET requests per project).

Options:
  --format FORMAT          text (default), json or markdown (an issue body with a hidden marker)
  --key KEY                The marker key of the markdown report and the issue (default "default")
  --github-issue           Keep one GitHub issue per key up to date: opened on drift, updated while it
                           lasts, closed when it is gone (GITHUB_TOKEN with issues: write, GITHUB_REPOSITORY,
                           GITHUB_API_URL for GitHub Enterprise Server)
  --issue-author LOGIN     Also recognise the issue when a personal token (LOGIN) opened it (default: bots only)
  --read-keys              Also read each key version's attributes from Key Vault (enabled, expiry) with the
                           Azure identity of the environment (AZURE_* variables; it needs permission to get keys)
  --expiry-warning-days N  Report a key version expiring within N days (default 30; with --read-keys)
  --policy DIR             Add a user rule pack (repeatable)
  --shard I/N              Only this shard's projects
  --parallelism N          Projects read at once (default 8)
  -h, --help               Show this help

Exit codes:
  0  no drift
  1  error (invalid files, credentials, a live policy error, a project that cannot be read, or the issue
     could not be kept)
  2  drift: a difference or a health finding
`,
  reconcile: `Usage: atlas-cmk reconcile [options] PATH…

Plan and apply the changes reconcile is allowed to make: non-destructive steps by default (deleting an endpoint
Atlas reports FAILED, to create it again, counts as a repair). With --watch it runs until SIGTERM or SIGINT, one
pass every --interval; passes never overlap, so one process never runs two changes on one project at once. After
a failed pass the wait doubles, up to --max-backoff. On SIGTERM no new step starts, requests in flight end, and the
next run re-reads the live state and continues.

Each pass also reads, from Key Vault, the key version each file names (signed in as for approval: azure;
ATLAS_CMK_AZURE_KEYVAULT_URL as for drift --read-keys). A disabled version is enabled again, Atlas is made to
validate it, and the clusters it paused are resumed; a listed cluster that is paused while its file does not say
paused: true is resumed too. An expired key is reported and left alone.

Options:
  --watch                  Run until stopped, one pass every --interval
  --interval DURATION      Time between passes, such as 30s, 5m, 1h (default 5m)
  --max-backoff DURATION   The longest wait after failed passes (default 1h)
  --allow-destructive      Also run destructive steps (deletes, disabling CMK or private networking, pausing
                           a cluster whose file says paused: true)
  --no-key-repair          Leave a disabled key version disabled (and the clusters it paused paused): for teams
                           that disable the key on purpose to revoke Atlas's access (the CMK kill switch)
  --listen HOST:PORT       With --watch: serve /healthz and Prometheus /metrics (HOST defaults to 127.0.0.1)
  --format FORMAT          plain (default: one line per event) or ndjson (events on stdout, log on stderr)
  --poll-interval D        How often waits poll Atlas
  --endpoint-timeout D     Deadline of an endpoint wait
  --cluster-timeout D      Deadline of a cluster wait
  --policy DIR             Add a user rule pack (repeatable)
  --shard I/N              Only this shard's projects
  --parallelism N          Projects read and steps run at once (default 8)
  -h, --help               Show this help

Exit codes:
  0  the last pass converged, or the loop was stopped cleanly
  1  the last pass failed (or a usage error: see the message)
  2  drift is left that reconcile may not repair (held-back steps, or health findings that need a person)
`,
  export: `Usage: atlas-cmk export --project ID [options]

Write a desired-state document that describes an existing project as it is: the azureKeyVault settings from
Atlas (the client secret, which Atlas never returns, as the reference \${env:AZURE_CLIENT_SECRET}; roleId when the
project uses one), a region for every endpoint that is not DELETING or FAILED (approval: manual), and every
cluster that uses the key. 'atlas-cmk check' passes on it and 'atlas-cmk plan' shows no changes.

Options:
  --project ID        The Atlas project id (24 hex characters; required)
  -o, --out FILE      Write to FILE instead of standard output; an existing FILE is kept unless --force
  --force             Overwrite FILE
  --name NAME         metadata.name of the document (default: the project's name in Atlas)
  -h, --help          Show this help

Environment:
  MONGODB_ATLAS_BASE_URL, MONGODB_ATLAS_CLIENT_ID/_CLIENT_SECRET, MONGODB_ATLAS_PUBLIC_API_KEY/_PRIVATE_API_KEY
                      As for atlas-cmk plan; Atlas lets only the Project Owner role list the endpoints

Exit codes:
  0  the document was written
  1  error: invalid options, FILE exists (without --force), missing or rejected credentials, an unknown project
`,
  sim: `Usage: atlas-cmk sim [options]

Start the local Atlas + Azure simulator on loopback and print its base URLs and the export lines that point
atlas-cmk, az and the Azure SDKs at it. Runs until Ctrl-C (SIGINT) or SIGTERM.

Options:
  --fixture FILE      The world to start from (YAML; default: the bundled example fixture)
  --state FILE        Persist the world to FILE so separate runs see one world (loaded when it exists)
  --port N            Port to listen on (default: a free port)
  --https-port N      Port of the HTTPS listener: Entra ID, ARM and Key Vault for the Azure SDKs and az
                      (default: a free port); its certificate is made at start-up, path in the banner
  --env FILE          Write the export lines, credentials of the world included, to FILE (mode 0600)
  --json              Print one JSON line instead of the banner: URLs (HTTPS ones included), the certificate's
                      path and the export lines without credentials
  --time-scale X      Simulated seconds per real second (default 1; 60 makes a minute pass in a second)
  --seed N            Seed for fault injection
  -h, --help          Show this help

Exit codes:
  0  stopped by a signal
  1  could not start (bad fixture, port in use)
  2  usage error
`,
} satisfies Record<string, string>;

/** The help of a command, or the main help when there is none of that name. */
export function helpFor(topic: string | undefined): string {
  return topic !== undefined && Object.hasOwn(HELP, topic) ? HELP[topic as keyof typeof HELP] : HELP.main;
}
