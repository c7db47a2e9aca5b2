import { Form, Input } from 'antd';
import { useTranslation } from 'react-i18next';
import { PASSPHRASE_MIN } from '../../../../shared/domain/identity';

/** Characters as the back end counts them (code points), so both refuse the same passphrases. */
export const passphraseLength = (passphrase: string) => [...passphrase].length;

/** A new passphrase and its repetition, checked as typed: minimum length, and that the two match. */
export function PassphraseFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useTranslation();
  return (
    <>
      <Form.Item
        name="passphrase"
        label={t('identity.passphrase')}
        extra={t('identity.passphraseHelp', { min: PASSPHRASE_MIN })}
        required
        rules={[
          {
            validator: async (_rule, value: unknown) => {
              const text = typeof value === 'string' ? value : '';
              if (text === '') throw new Error(t('validation.required'));
              if (passphraseLength(text) < PASSPHRASE_MIN) throw new Error(t('identity.passphraseTooShort', { min: PASSPHRASE_MIN }));
            },
          },
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} data-testid={`${testIdPrefix}-passphrase`} />
      </Form.Item>
      <Form.Item
        name="passphraseRepeat"
        label={t('identity.passphraseRepeat')}
        dependencies={['passphrase']}
        required
        rules={[
          ({ getFieldValue }) => ({
            validator: async (_rule, value: unknown) => {
              if (value === undefined || value === '') throw new Error(t('validation.required'));
              if (value !== getFieldValue('passphrase')) throw new Error(t('identity.passphraseMismatch'));
            },
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" maxLength={1024} data-testid={`${testIdPrefix}-passphrase-repeat`} />
      </Form.Item>
    </>
  );
}
