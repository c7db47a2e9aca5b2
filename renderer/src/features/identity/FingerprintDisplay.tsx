import { Flex, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

export const MONOSPACE = '"DejaVu Sans Mono", "Cascadia Mono", Consolas, "SF Mono", Menlo, "Noto Sans Mono CJK SC", monospace';

/** `SHA256:` and groups of four characters of the rest, for reading out over the phone. */
export function fingerprintGroups(fingerprint: string): string[] {
  return fingerprint.replace(/^SHA256:/, '').match(/.{1,4}/g) ?? [];
}

/**
 * The fingerprint exactly as `ssh-keygen -l` prints it, large and copyable, and below it
 * the same characters in numbered groups: what expert and secretary read to each other.
 */
export function FingerprintDisplay({ fingerprint }: { fingerprint: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={12}>
      <Typography.Text
        data-testid="identity-fingerprint"
        copyable={{ text: fingerprint }}
        style={{ fontFamily: MONOSPACE, fontSize: 20, fontWeight: 600, wordBreak: 'break-all' }}
      >
        {fingerprint}
      </Typography.Text>
      <Typography.Text type="secondary">{t('identity.fingerprintHelp')}</Typography.Text>
      <Flex wrap gap={8} role="list" aria-label={t('identity.fingerprintGroups')} data-testid="identity-fingerprint-groups">
        <FingerprintGroup label={'\u00a0'} text="SHA256:" />
        {fingerprintGroups(fingerprint).map((group, index) => (
          <FingerprintGroup key={index} label={String(index + 1)} text={group} ariaLabel={`${t('identity.fingerprintGroup', { index: index + 1 })}: ${group.split('').join(' ')}`} />
        ))}
      </Flex>
    </Flex>
  );
}

function FingerprintGroup({ label, text, ariaLabel }: { label: string; text: string; ariaLabel?: string }) {
  return (
    <Flex vertical align="center" role="listitem" aria-label={ariaLabel} style={{ border: '1px solid #d9d9d9', borderRadius: 6, padding: '4px 8px', background: '#fafafa' }}>
      <span style={{ fontFamily: MONOSPACE, fontSize: 18, letterSpacing: 2 }} aria-hidden={ariaLabel !== undefined}>
        {text}
      </span>
      <span style={{ fontSize: 11, color: '#8c8c8c' }} aria-hidden>
        {label}
      </span>
    </Flex>
  );
}
