import { Form, Input, Modal, Select, message } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTranslate } from '../../i18n';
import { describeError, describeIssue } from '../../../../shared/i18n/describeError';
import { ROUND_NAME_MAX, RoundNameSchema, roundKinds, type RoundKind } from '../../../../shared/domain/round';
import { toCommandError } from '../../api/client';
import { type ChosenRubric, RubricChoice } from '../rubric/RubricChoice';
import { useRounds } from './roundStore';

const CREATE_ROUND_FORM = 'create-round-form';

interface Props {
  open: boolean;
  onClose(): void;
}

interface FormValues {
  name: string;
  kind: RoundKind;
  /** A rubric file chosen instead of the kind's built-in rubric. */
  rubric?: ChosenRubric;
}

export function CreateRoundDialog({ open, onClose }: Props) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const [form] = Form.useForm<FormValues>();
  const [submitting, setSubmitting] = useState(false);
  const createRound = useRounds((s) => s.create);
  const kind = Form.useWatch('kind', form) ?? 'plan-review';

  async function submit(values: FormValues) {
    setSubmitting(true);
    try {
      const round = await createRound(values.name, values.kind, values.rubric?.rubric);
      void message.success(t('ui.created', { name: round.name }));
      form.resetFields();
      onClose();
    } catch (error) {
      const commandError = toCommandError(error);
      // Problems with the name belong beside the name field; anything else is a toast.
      if (commandError.code === 'ROUND_NAME_TAKEN' || commandError.code === 'INVALID_INPUT') {
        form.setFields([{ name: 'name', errors: [describeError(translate, commandError)] }]);
      } else {
        void message.error(describeError(translate, commandError));
      }
    } finally {
      setSubmitting(false);
    }
  }

  return (
    <Modal
      open={open}
      title={t('ui.newRound')}
      okText={t('ui.create')}
      cancelText={t('ui.cancel')}
      confirmLoading={submitting}
      // A native submit button bound to the form by id: the click submits the form element
      // itself, so it cannot be lost while the modal's content is still mounting.
      okButtonProps={{ htmlType: 'submit', form: CREATE_ROUND_FORM }}
      onCancel={() => {
        // Cancel means start afresh next time: no stale or half-typed name.
        form.resetFields();
        onClose();
      }}
      destroyOnHidden
    >
      <Form<FormValues>
        id={CREATE_ROUND_FORM}
        form={form}
        layout="vertical"
        initialValues={{ kind: 'plan-review' }}
        onFinish={(values) => void submit(values)}
        preserve={false}
        requiredMark
      >
        <Form.Item
          name="name"
          label={t('ui.roundName')}
          required
          rules={[
            {
              // The same schema the back end checks, so the two can never disagree.
              validator: async (_rule, value: unknown) => {
                const parsed = RoundNameSchema.safeParse(value ?? '');
                if (!parsed.success) {
                  const [issue] = parsed.error.issues;
                  throw new Error(describeIssue(translate, { path: [], message: issue?.message ?? 'validation.required', params: { max: ROUND_NAME_MAX } }));
                }
              },
            },
          ]}
        >
          <Input autoFocus maxLength={ROUND_NAME_MAX} showCount placeholder={t('ui.roundNamePlaceholder')} data-testid="round-name" />
        </Form.Item>
        <Form.Item name="kind" label={t('ui.roundKind')} required>
          <Select<RoundKind>
            data-testid="round-kind"
            options={roundKinds.map((value) => ({ value, label: t(`roundKind.${value}`) }))}
          />
        </Form.Item>
        <Form.Item name="rubric" label={t('rubric.createRubric')}>
          <RubricChoice kind={kind} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
