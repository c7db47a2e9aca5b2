/**
 * Test-only fixtures made once with stock OpenSSH 9.2, so the byte-exact checks also run
 * where ssh-keygen is missing:
 *   ssh-keygen -t ed25519 -N '' -C 'tester@example 中' -f key
 *   printf '评审 msg' > m && ssh-keygen -Y sign -f key -n panel-review-scores m
 * Ed25519 signatures are deterministic, so signing the same bytes must give the same text.
 */
export const STOCK_PRIVATE_KEY = `-----BEGIN OPENSSH PRIVATE KEY-----
b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW
QyNTUxOQAAACDSfwPRoci49D/VrZh3C8s3I59ro83VnXIzmkiir5E/kAAAAJimdx2apncd
mgAAAAtzc2gtZWQyNTUxOQAAACDSfwPRoci49D/VrZh3C8s3I59ro83VnXIzmkiir5E/kA
AAAEBF+HItYAoUMMpz8q501c1DGtSO7p4nEC377WrFZmNbuNJ/A9GhyLj0P9WtmHcLyzcj
n2ujzdWdcjOaSKKvkT+QAAAAEnRlc3RlckBleGFtcGxlIOS4rQECAw==
-----END OPENSSH PRIVATE KEY-----
`;

export const STOCK_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAINJ/A9GhyLj0P9WtmHcLyzcjn2ujzdWdcjOaSKKvkT+Q tester@example 中';

/** What `ssh-keygen -l -f key.pub` printed. */
export const STOCK_FINGERPRINT = 'SHA256:z+UDaiyAwh69KoupNjCruTcOWoSaBUvqZ0EeCBUqw9Q';

export const STOCK_MESSAGE = Buffer.from('评审 msg', 'utf8');

export const STOCK_SIGNATURE = `-----BEGIN SSH SIGNATURE-----
U1NIU0lHAAAAAQAAADMAAAALc3NoLWVkMjU1MTkAAAAg0n8D0aHIuPQ/1a2YdwvLNyOfa6
PN1Z1yM5pIoq+RP5AAAAATcGFuZWwtcmV2aWV3LXNjb3JlcwAAAAAAAAAGc2hhNTEyAAAA
UwAAAAtzc2gtZWQyNTUxOQAAAEBqKeHnDGJzkWS6Tp5Tr8Hd5fp9b4SRJtS1fSly65CNMf
3He1QGCuimfZCTgATp+muXM2Yzluebu+UkeQEIWT0H
-----END SSH SIGNATURE-----
`;
