import { Col, Divider, Form, Row, Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { RUBRIC_LIMITS } from '../../../../shared/domain/rubric';
import { BandsEditor } from './BandsEditor';
import { setCriterion, setKind } from './draftEdits';
import { fieldId, useRubricEditorContext } from './editorContext';
import { IndicatorsEditor } from './IndicatorsEditor';
import { type DraftCriterion, optionalText } from './rubricDraft';
import { TextAreaField, TextField } from './RubricFields';

interface Props {
  s: number;
  c: number;
  criterion: DraftCriterion;
}

/** What a criterion has beyond its row: kind, id, guidance, bands, preset indicators. */
export function CriterionDetails({ s, c, criterion }: Props) {
  const { t } = useTranslation();
  const { edit, issues } = useRubricEditorContext();
  const at = (field: string) => ['sections', s, 'criteria', c, field];
  const kind = criterion.kind ?? 'score';
  const kindMessages = issues.messagesAt(at('kind'));
  return (
    <div style={{ padding: '4px 8px 8px 40px' }} data-testid="criterion-details">
      <Row gutter={16}>
        <Col xs={24} md={10}>
          <Form.Item
            label={t('rubric.field.kind')}
            htmlFor={fieldId(at('kind'))}
            extra={kindMessages.length === 0 ? t('rubric.kindHelp') : undefined}
            validateStatus={kindMessages.length > 0 ? 'error' : undefined}
            help={kindMessages.length > 0 ? kindMessages.join(' ') : undefined}
            style={{ marginBottom: 12 }}
          >
            <Select<'score' | 'targets'>
              id={fieldId(at('kind'))}
              value={kind}
              onChange={(next) => edit((draft) => setKind(draft, s, c, next))}
              options={[
                { value: 'score', label: t('rubric.kindScore') },
                { value: 'targets', label: t('rubric.kindTargets') },
              ]}
              data-testid="criterion-kind"
            />
          </Form.Item>
        </Col>
        <Col xs={24} md={8}>
          <TextField
            path={at('id')}
            label={t('rubric.field.id')}
            extra={t('rubric.idHelp')}
            required
            monospace
            value={criterion.id}
            onChange={(id) => edit((draft) => setCriterion(draft, s, c, { id }))}
            testId="criterion-id"
          />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} md={12}>
          <TextAreaField
            path={at('guidance')}
            label={t('rubric.field.guidance')}
            maxLength={RUBRIC_LIMITS.guidance}
            value={criterion.guidance}
            onChange={(text) => edit((draft) => setCriterion(draft, s, c, { guidance: optionalText(text) }))}
            testId="criterion-guidance"
          />
        </Col>
        <Col xs={24} md={12}>
          <TextAreaField
            path={at('guidanceEn')}
            label={t('rubric.field.guidanceEn')}
            maxLength={RUBRIC_LIMITS.guidance}
            value={criterion.guidanceEn}
            onChange={(text) => edit((draft) => setCriterion(draft, s, c, { guidanceEn: optionalText(text) }))}
          />
        </Col>
      </Row>
      <BandsEditor s={s} c={c} criterion={criterion} />
      {(kind === 'targets' || criterion.presetIndicators !== undefined) && (
        <>
          <Divider style={{ margin: '12px 0' }} />
          <IndicatorsEditor s={s} c={c} criterion={criterion} />
        </>
      )}
    </div>
  );
}
