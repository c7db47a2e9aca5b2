import { InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Checkbox, Flex, Form, Input, Modal, Spin, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CommandOutput } from '../../../../shared/contract/define';
import type { Commands } from '../../../../shared/contract/commands';
import { describeError } from '../../../../shared/i18n/describeError';
import { invoke, toCommandError } from '../../api/client';
import { useTranslate } from '../../i18n';
import { FingerprintDisplay } from '../identity/FingerprintDisplay';
import '../identity/identityMessages';
import './expertsMessages';

type CheckedCard = CommandOutput<Commands, 'expert.checkCards'>['cards'][number];
interface CardFile {
  fileName: string;
  content: string;
}

const isKeyCard = (file: File) => /\.prkey$/i.test(file.name);

/** Some refusals (a bad signature) do not name the card in their text; with several cards, which one matters. */
function withFile(text: string, file: unknown): string {
  return typeof file === 'string' && !text.includes(file) ? `${file}: ${text}` : text;
}

/**
 * Experts in from their key cards, in two steps as the panel import does: the cards are
 * checked (self-signature and all) and each fingerprint is shown in full, to be read
 * out with the expert; only when every new one is confirmed are they enrolled. Cards
 * are a few hundred bytes of text, so they travel as text, not as staged files.
 */
export function EnrolExpertsDialog({ roundId, open, onClose }: { roundId: string; open: boolean; onClose(): void }) {
  const { t } = useTranslation();
  const translate = useTranslate();
  const { message } = App.useApp();
  const [files, setFiles] = useState<CardFile[]>([]);
  const [checked, setChecked] = useState<CheckedCard[] | null>(null);
  const [confirmed, setConfirmed] = useState<ReadonlySet<string>>(new Set());
  const [busy, setBusy] = useState<'checking' | 'enrolling' | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [place, setPlace] = useState({ city: '', province: '' });

  function reset() {
    setFiles([]);
    setChecked(null);
    setConfirmed(new Set());
    setError(null);
    setPlace({ city: '', province: '' });
  }

  function close() {
    reset();
    onClose();
  }

  async function pick(batch: readonly File[]) {
    const wrong = batch.find((file) => !isKeyCard(file));
    if (wrong !== undefined) {
      setError(t('experts.notKeyCard', { file: wrong.name }));
      return;
    }
    const read = await Promise.all(batch.map(async (file) => ({ fileName: file.name, content: await file.text() })));
    const all = [...files, ...read.filter((card) => !files.some((f) => f.fileName === card.fileName && f.content === card.content))];
    setFiles(all);
    setBusy('checking');
    setError(null);
    try {
      setChecked((await invoke('expert.checkCards', { roundId, cards: all })).cards);
    } catch (caught) {
      setChecked(null);
      setFiles([]);
      setError(withFile(describeError(translate, toCommandError(caught)), toCommandError(caught).details?.file));
    } finally {
      setBusy(null);
    }
  }

  async function enrol() {
    setBusy('enrolling');
    setError(null);
    try {
      const city = place.city.trim();
      const province = place.province.trim();
      const { experts } = await invoke('expert.add', {
        roundId,
        cards: files,
        ...(city === '' ? {} : { city }),
        ...(province === '' ? {} : { province }),
      });
      void message.success(t('experts.enrolled', { count: experts.filter((e) => e.status !== 'unchanged').length }));
      close();
    } catch (caught) {
      setError(describeError(translate, toCommandError(caught)));
    } finally {
      setBusy(null);
    }
  }

  const newCards = checked?.filter((card) => card.status === 'new') ?? [];
  const ready = checked !== null && checked.length > 0 && newCards.every((card) => confirmed.has(card.fingerprint));

  return (
    <Modal
      open={open}
      width={820}
      title={t('experts.enrolTitle')}
      onCancel={close}
      maskClosable={false}
      data-testid="enrol-dialog"
      footer={
        <Flex gap={8} justify="flex-end">
          {checked !== null && <Button onClick={reset}>{t('experts.chooseOther')}</Button>}
          <Button onClick={close}>{t('experts.cancel')}</Button>
          <Button type="primary" disabled={!ready} loading={busy === 'enrolling'} onClick={() => void enrol()} data-testid="enrol-start">
            {t('experts.enrolButton', { count: checked?.length ?? 0 })}
          </Button>
        </Flex>
      }
    >
      <Flex vertical gap={16}>
        <Upload.Dragger
          accept=".prkey"
          multiple
          showUploadList={false}
          disabled={busy !== null}
          beforeUpload={(file, batch) => {
            // Called once per file of a selection: take the whole selection at its first file.
            if (file === batch[0]) void pick(batch);
            return Upload.LIST_IGNORE;
          }}
          data-testid="enrol-drop"
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('experts.dropHint')}</p>
          <p className="ant-upload-hint">{t('experts.dropHintSub')}</p>
        </Upload.Dragger>
        {busy === 'checking' && (
          <Flex align="center" gap={12}>
            <Spin size="small" />
            <Typography.Text>{t('experts.checking')}</Typography.Text>
          </Flex>
        )}
        {error !== null && <Alert type="error" showIcon title={t('experts.checkFailed')} description={error} data-testid="enrol-error" />}
        {checked?.map((card, index) => (
          <Card
            key={card.fingerprint}
            size="small"
            data-testid={`enrol-card-${index}`}
            title={
              <Flex gap={8} align="center" wrap>
                <Typography.Text strong>{card.name}</Typography.Text>
                {card.affiliation !== null && <Typography.Text type="secondary">{card.affiliation}</Typography.Text>}
                <Tag color={card.status === 'new' ? 'blue' : 'default'}>{t(card.status === 'new' ? 'experts.cardNew' : 'experts.cardEnrolled')}</Tag>
              </Flex>
            }
            extra={<Typography.Text type="secondary">{t('experts.cardFile', { file: card.fileName })}</Typography.Text>}
          >
            <Flex vertical gap={12}>
              <FingerprintDisplay fingerprint={card.fingerprint} />
              {card.status === 'new' && (
                <Checkbox
                  checked={confirmed.has(card.fingerprint)}
                  onChange={(event) =>
                    setConfirmed((current) => {
                      const next = new Set(current);
                      if (event.target.checked) next.add(card.fingerprint);
                      else next.delete(card.fingerprint);
                      return next;
                    })
                  }
                  data-testid={`enrol-confirm-${index}`}
                >
                  {t('experts.confirmFingerprint', { name: card.name })}
                </Checkbox>
              )}
            </Flex>
          </Card>
        ))}
        {checked !== null && checked.length > 0 && (
          <Form layout="vertical">
            <Typography.Text type="secondary">{t('experts.placeForAll')}</Typography.Text>
            <Flex gap={12} style={{ marginTop: 8 }}>
              <Form.Item label={t('experts.city')} style={{ flex: 1, marginBottom: 0 }}>
                <Input value={place.city} maxLength={100} onChange={(e) => setPlace({ ...place, city: e.target.value })} data-testid="enrol-city" />
              </Form.Item>
              <Form.Item label={t('experts.province')} style={{ flex: 1, marginBottom: 0 }}>
                <Input value={place.province} maxLength={100} onChange={(e) => setPlace({ ...place, province: e.target.value })} data-testid="enrol-province" />
              </Form.Item>
            </Flex>
          </Form>
        )}
      </Flex>
    </Modal>
  );
}
