// Superprojects with real submodules (`git submodule add` from local bare repositories), fake
// AWS keys generated at run time. Only this builder lets git clone over the file protocol
// (`-c protocol.file.allow=always`): keyhound itself never clones anything.
import { GitRepo } from '../../helpers/git-repo.js';
import { fakeKeyId, fakeSecret } from '../../helpers/keys.js';

export interface Key {
  keyId: string;
  account: string;
}

const FILE_OK = ['-c', 'protocol.file.allow=always'];

/** A bare copy of `work` to add as a submodule: its absolute path is the url. */
export function bare(work: GitRepo): string {
  return GitRepo.clone(work, '--bare').dir;
}

export function addSubmodule(sup: GitRepo, url: string, path: string, ...opts: string[]): void {
  sup.gitAt(undefined, ...FILE_OK, 'submodule', 'add', '-q', ...opts, url, path);
}

export function updateSubmodules(sup: GitRepo): void {
  sup.gitAt(undefined, ...FILE_OK, 'submodule', 'update', '-q', '--init', '--recursive');
}

/** `config.js` as the submodule holds it: the key id on line 3. */
export function configJs(k: Key): string {
  return `// settings\nexport const region = 'eu-west-1';\nexport const accessKeyId = '${k.keyId}';\nexport const secretAccessKey = '${fakeSecret()}';\n`;
}

export interface Library {
  url: string;
  /** `config.js` at HEAD (commit `current`); `old.env`, removed since, in commit `first`. */
  config: string;
  current: Key;
  removed: Key;
  /** In the message of commit `current`, line 3: `aws_access_key_id = <key>`. */
  inMessage: Key;
  first: string;
  second: string;
  /** The nested submodule at `deps/inner`: `secret.txt` line 1, commit `innerCommit`. */
  inner: Key;
  innerCommit: string;
}

/** A library repository with history, holding a submodule of its own at `deps/inner`. */
export function library(): Library {
  const inner = fakeKeyId();
  const innerWork = GitRepo.init();
  const innerCommit = innerWork.commitFiles({ 'secret.txt': `key=${inner.keyId}\n` }, 'inner secret');
  const work = GitRepo.init();
  const removed = fakeKeyId();
  const first = work.commitFiles({ 'old.env': `AWS_ACCESS_KEY_ID=${removed.keyId}\nAWS_SECRET_ACCESS_KEY=${fakeSecret()}\n` }, 'env');
  work.remove('old.env');
  const current = fakeKeyId();
  const inMessage = fakeKeyId();
  const config = configJs(current);
  work.write('config.js', config);
  addSubmodule(work, bare(innerWork), 'deps/inner');
  const second = work.commit(`move to config.js\n\naws_access_key_id = ${inMessage.keyId}\n`);
  return { url: bare(work), config, current, removed, inMessage, first, second, inner, innerCommit };
}

/** A superproject with no key of its own and `lib` cloned (with its nested submodule) at `vendor/lib`. */
export function superproject(lib: Library): GitRepo {
  const sup = GitRepo.init();
  sup.commitFiles({ 'README.md': 'the app\n' }, 'init');
  addSubmodule(sup, lib.url, 'vendor/lib');
  updateSubmodules(sup);
  sup.commit('add lib');
  return sup;
}
