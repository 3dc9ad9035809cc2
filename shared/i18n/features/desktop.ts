/** Messages of the feature: Desktop integration and updates. Keys are prefixed with the feature's name. */
import { defineMessages } from '../define';

export const desktopMessages = defineMessages({
  en: {},
  'zh-CN': {},
  fr: {},
  nl: {}
});
