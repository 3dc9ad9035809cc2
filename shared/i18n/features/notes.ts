/** Messages of the feature: Interview notes. Keys are prefixed with the feature's name. */
import { defineMessages } from '../define';

export const notesMessages = defineMessages({
  en: {},
  'zh-CN': {},
  fr: {},
  nl: {}
});
