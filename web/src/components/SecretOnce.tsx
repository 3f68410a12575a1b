// A secret the server hands back only once (a webhook's signing secret, an API token): shown in
// a dialog that cannot be dismissed by accident, with a copy button that also works on a
// plain-http intranet page.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Input, Modal, Space, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n.ts';

const MONO = 'ui-monospace, Menlo, Consolas, monospace';

export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall back below */ }
  // Plain-http intranet pages have no clipboard API; the old way still works there.
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  area.remove();
  return ok;
}

export interface SecretOnceProps {
  /** null: closed. */
  secret: string | null;
  title: string;
  /** What it is, e.g. 签名密钥 / Signing secret. */
  label: { zh: string; en: string };
  /** What to do with it, under the warning. */
  note: { zh: string; en: string };
  onClose: () => void;
}

export function SecretOnceModal({ secret, title, label, note, onClose }: SecretOnceProps) {
  const { pick } = useI18n();
  const { message } = App.useApp();
  const [copied, setCopied] = useState(false);
  useEffect(() => { setCopied(false); }, [secret]);
  const name = pick(label.zh, label.en);
  const copy = async () => {
    if (!secret) return;
    if (await copyText(secret)) { setCopied(true); message.success(pick(`已复制${label.zh}`, `${label.en} copied`)); }
    else message.warning(pick(`无法自动复制，请手动选中${label.zh}复制`, `Could not copy; select the ${label.en.toLowerCase()} and copy it by hand`));
  };
  return (
    <Modal open={secret !== null} onCancel={onClose} maskClosable={false} keyboard={false} destroyOnHidden title={title}
      footer={<Button type="primary" onClick={onClose}>{pick(`我已保存${label.zh}`, `I have saved the ${label.en.toLowerCase()}`)}</Button>}>
      <Alert type="warning" showIcon role="alert" style={{ marginBottom: 16, fontSize: 16 }}
        message={pick(`${label.zh}只显示这一次`, `The ${label.en.toLowerCase()} is shown only this once`)}
        description={pick(`关闭后无法再次查看。${note.zh}`, `It cannot be shown again after you close this. ${note.en}`)} />
      <Typography.Text type="secondary">{name}</Typography.Text>
      <Space.Compact style={{ width: '100%', marginTop: 4 }}>
        <Input readOnly value={secret ?? ''} style={{ fontFamily: MONO }} onFocus={(e) => e.target.select()} aria-label={name} />
        <Button type={copied ? 'default' : 'primary'} icon={<CopyOutlined />} onClick={copy}>
          {copied ? pick('已复制', 'Copied') : pick('复制', 'Copy')}
        </Button>
      </Space.Compact>
    </Modal>
  );
}
