/** QR codes as PNG, for documents and screens. Put an opaque id or a signed link (links.ts) in one, never personal data. */
import QRCode from 'qrcode';

const PERSONAL = /1[3-9]\d{9}|\d{17}[\dXx]/; // a mobile number or an identity card number

export async function qrPng(text: string, size = 240): Promise<Buffer> {
  if (PERSONAL.test(text)) throw new Error('qrPng: a QR code must not hold a phone or identity number');
  return QRCode.toBuffer(text, { type: 'png', width: size, margin: 1, errorCorrectionLevel: 'M' });
}
