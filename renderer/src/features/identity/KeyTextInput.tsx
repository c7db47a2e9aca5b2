import { FolderOpenOutlined } from '@ant-design/icons';
import { Button, Flex, Input, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MONOSPACE } from './FingerprintDisplay';

/** Far above any real ed25519 or X25519 key file; anything bigger was picked by mistake. */
const KEY_FILE_MAX_BYTES = 64 * 1024;

function readFileText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('FileReader failed'));
    reader.readAsText(file);
  });
}

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  placeholder: string;
  testId: string;
  disabled?: boolean;
}

/** A key file's text, pasted or read from a chosen file; a Form.Item control. */
export function KeyTextInput({ value, onChange, placeholder, testId, disabled }: Props) {
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const [readError, setReadError] = useState<string | null>(null);

  async function pick(file: File | undefined) {
    if (file === undefined) return;
    setReadError(null);
    try {
      if (file.size > KEY_FILE_MAX_BYTES) throw new Error('too large');
      onChange?.(await readFileText(file));
    } catch {
      setReadError(t('identity.fileReadFailed', { file: file.name }));
    }
  }

  return (
    <Flex vertical gap={6}>
      <Input.TextArea
        value={value}
        onChange={(event) => onChange?.(event.target.value)}
        placeholder={placeholder}
        autoSize={{ minRows: 3, maxRows: 8 }}
        spellCheck={false}
        autoComplete="off"
        disabled={disabled}
        style={{ fontFamily: MONOSPACE, fontSize: 12 }}
        data-testid={testId}
      />
      <Flex gap={8} align="center">
        <Button size="small" icon={<FolderOpenOutlined />} onClick={() => picker.current?.click()} disabled={disabled}>
          {t('identity.chooseFile')}
        </Button>
        {readError !== null && <Typography.Text type="danger">{readError}</Typography.Text>}
      </Flex>
      <input
        ref={picker}
        type="file"
        hidden
        data-testid={`${testId}-file`}
        onChange={(event) => {
          void pick(event.target.files?.[0]);
          // The same file chosen again after an edit still fires a change.
          event.target.value = '';
        }}
      />
    </Flex>
  );
}
