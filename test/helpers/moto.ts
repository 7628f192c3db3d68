// A real moto_server (moto 5.x) on 127.0.0.1 for verification tests. It starts with
// INITIAL_NO_AUTH_ACTION_COUNT = the number of setup requests the test will make (create IAM
// users and keys, assume a role); after those, moto enforces SigV4 like AWS does.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { closedPort } from './sts-proxy.js';

export interface MotoKey {
  userName: string;
  keyId: string;
  secret: string;
  arn: string;
  account: string;
  userId: string;
}

export interface MotoSession {
  keyId: string;
  secret: string;
  sessionToken: string;
  arn: string;
}

export interface Moto {
  url: string;
  port: number;
  /** Two setup requests: CreateUser + CreateAccessKey (raw Query API POSTs). */
  createUserWithKey(userName: string): Promise<MotoKey>;
  /** One setup request: sts:AssumeRole through the real SDK. */
  assumeRole(creds: { keyId: string; secret: string }, roleName: string, sessionName: string): Promise<MotoSession>;
  log(): string;
  stop(): Promise<void>;
}

function tag(xml: string, name: string): string {
  const m = new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml);
  if (!m) throw new Error(`moto answer has no <${name}>: ${xml.slice(0, 400)}`);
  return m[1];
}

async function waitForPort(port: number, child: ChildProcess, deadlineMs = 20000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto_server exited with ${child.exitCode}`);
    // A bare TCP connect: an HTTP probe would use up one of moto's no-auth actions.
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(true);
      });
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error('moto_server did not start in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startMoto(noAuthActions: number): Promise<Moto> {
  const port = await closedPort();
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, INITIAL_NO_AUTH_ACTION_COUNT: String(noAuthActions) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  const keep = (b: Buffer) => {
    log = (log + b.toString()).slice(-20000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await waitForPort(port, child);
  const url = `http://127.0.0.1:${port}`;

  async function iam(params: Record<string, string>): Promise<string> {
    const res = await fetch(url + '/', {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        // moto routes by the credential scope's service; the signature is not checked while
        // no-auth actions remain.
        authorization: 'AWS4-HMAC-SHA256 Credential=keyhound-setup/20240101/us-east-1/iam/aws4_request, SignedHeaders=host, Signature=00',
        'x-amz-date': '20240101T000000Z',
      },
      body: new URLSearchParams({ ...params, Version: '2010-05-08' }).toString(),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`moto IAM ${params.Action} → ${res.status}: ${text.slice(0, 400)}`);
    return text;
  }

  return {
    url,
    port,
    async createUserWithKey(userName) {
      const user = await iam({ Action: 'CreateUser', UserName: userName });
      const key = await iam({ Action: 'CreateAccessKey', UserName: userName });
      const arn = tag(user, 'Arn');
      return {
        userName,
        keyId: tag(key, 'AccessKeyId'),
        secret: tag(key, 'SecretAccessKey'),
        arn,
        account: arn.split(':')[4],
        userId: tag(user, 'UserId'),
      };
    },
    async assumeRole(creds, roleName, sessionName) {
      const { STSClient, AssumeRoleCommand } = await import('@aws-sdk/client-sts');
      const client = new STSClient({
        region: 'us-east-1',
        endpoint: url,
        credentials: { accessKeyId: creds.keyId, secretAccessKey: creds.secret },
        maxAttempts: 1,
      });
      try {
        const out = await client.send(
          new AssumeRoleCommand({ RoleArn: `arn:aws:iam::123456789012:role/${roleName}`, RoleSessionName: sessionName }),
        );
        const c = out.Credentials;
        if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !out.AssumedRoleUser?.Arn) {
          throw new Error('moto AssumeRole returned no credentials');
        }
        return { keyId: c.AccessKeyId, secret: c.SecretAccessKey, sessionToken: c.SessionToken, arn: out.AssumedRoleUser.Arn };
      } finally {
        client.destroy();
      }
    },
    log: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 3000);
        await exited;
        clearTimeout(t);
      }
    },
  };
}
