import { Alert, Button, Flex, Form, Input, Spin, Typography, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandError } from '../../../../shared/contract/errors';
import { AFFILIATION_MAX, AffiliationInputSchema, PERSON_NAME_MAX, PersonNameSchema } from '../../../../shared/domain/keyCard';
import { describeIssue } from '../../../../shared/i18n/describeError';
import { toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { describeIdentityError } from './identityErrors';
import { useIdentity } from './identityStore';
import { KeyTextInput } from './KeyTextInput';
import { PassphraseFields } from './PassphraseFields';

interface FormValues {
  name: string;
  affiliation?: string;
  passphrase?: string;
  passphraseRepeat?: string;
  sshPrivateKey?: string;
  ageIdentity?: string;
}

type Mode = 'create' | 'import';
const FIELDS = ['name', 'affiliation', 'passphrase', 'sshPrivateKey', 'ageIdentity'] as const;

const texts = {
  create: { submit: 'identity.create', busy: 'identity.creating', done: 'identity.created' },
  import: { submit: 'identity.import', busy: 'identity.importing', done: 'identity.imported' },
} as const;

/** A validator from the schema the back end checks, so the two never disagree. */
function schemaRule(schema: typeof PersonNameSchema | typeof AffiliationInputSchema, max: number, translate: ReturnType<typeof useTranslate>) {
  return {
    validator: async (_rule: unknown, value: unknown) => {
      const parsed = schema.safeParse(value ?? '');
      if (!parsed.success) {
        const [issue] = parsed.error.issues;
        throw new Error(describeIssue(translate, { path: [], message: issue?.message ?? 'validation.required', params: { max } }));
      }
    },
  };
}

/**
 * Name, affiliation and (where the OS keychain is missing) a passphrase; in import mode
 * also the two key files. Creating seals with a strong KDF: a second or two of spinner.
 */
export function NewIdentityForm({ mode }: { mode: Mode }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const passphraseNeeded = useIdentity((s) => s.passphraseNeeded);
  const { create, importKeys } = useIdentity.getState();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  const text = texts[mode];
  const testId = `identity-${mode}`;

  function showError(error: CommandError) {
    const fieldIssues = (Array.isArray(error.details?.issues) ? error.details.issues : []) as { path?: unknown[] }[];
    const field = FIELDS.find((name) => fieldIssues.some((issue) => issue.path?.[0] === name));
    if (error.code === 'PASSPHRASE_TOO_SHORT') {
      form.setFields([{ name: 'passphrase', errors: [describeIdentityError(translate, error)] }]);
    } else if (error.code === 'INVALID_INPUT' && field !== undefined) {
      form.setFields([{ name: field, errors: [describeIdentityError(translate, error)] }]);
    } else {
      setFormError(describeIdentityError(translate, error));
    }
  }

  async function submit(values: FormValues) {
    setSubmitting(true);
    setFormError(null);
    const fields = { name: values.name, affiliation: values.affiliation, passphrase: passphraseNeeded ? values.passphrase : undefined };
    try {
      if (mode === 'create') await create(fields);
      else await importKeys({ ...fields, sshPrivateKey: values.sshPrivateKey ?? '', ageIdentity: values.ageIdentity ?? '' });
      void message.success(t(text.done));
    } catch (error) {
      showError(toCommandError(error));
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Form<FormValues> name={`${testId}-form`} form={form} layout="vertical" onFinish={(values) => void submit(values)} disabled={submitting} requiredMark>
      <Form.Item name="name" label={t('identity.name')} required rules={[schemaRule(PersonNameSchema, PERSON_NAME_MAX, translate)]}>
        <Input maxLength={PERSON_NAME_MAX} placeholder={t('identity.namePlaceholder')} autoComplete="name" data-testid={`${testId}-name`} />
      </Form.Item>
      <Form.Item name="affiliation" label={t('identity.affiliation')} extra={t('identity.affiliationHelp')} rules={[schemaRule(AffiliationInputSchema, AFFILIATION_MAX, translate)]}>
        <Input maxLength={AFFILIATION_MAX} placeholder={t('identity.affiliationPlaceholder')} autoComplete="organization" data-testid={`${testId}-affiliation`} />
      </Form.Item>
      {mode === 'import' && (
        <>
          <Form.Item name="sshPrivateKey" label={t('identity.sshPrivateKey')} required rules={[{ required: true, message: t('validation.required') }]}>
            <KeyTextInput placeholder="-----BEGIN OPENSSH PRIVATE KEY-----" testId={`${testId}-ssh`} />
          </Form.Item>
          <Form.Item name="ageIdentity" label={t('identity.ageIdentity')} required rules={[{ required: true, message: t('validation.required') }]}>
            <KeyTextInput placeholder="AGE-SECRET-KEY-1…" testId={`${testId}-age`} />
          </Form.Item>
        </>
      )}
      {passphraseNeeded ? (
        <PassphraseFields testIdPrefix={testId} />
      ) : (
        <Typography.Paragraph type="secondary">{t('identity.osProtected')}</Typography.Paragraph>
      )}
      {formError !== null && <Alert type="error" showIcon title={formError} style={{ marginBottom: 16 }} data-testid={`${testId}-error`} role="alert" />}
      <Flex gap={12} align="center">
        <Button type="primary" htmlType="submit" loading={submitting} data-testid={`${testId}-submit`}>
          {t(text.submit)}
        </Button>
        {submitting && (
          <Flex gap={8} align="center" role="status">
            <Spin size="small" />
            <Typography.Text type="secondary">{t(text.busy)}</Typography.Text>
          </Flex>
        )}
      </Flex>
    </Form>
  );
}
