// Sign-in and user administration refusals (users/auth-routes.ts, users/routes.ts).
import { text } from '../platform/messages/text.ts'
import { registerMessages } from '../platform/messages/catalog.ts'

const USER_MESSAGES = registerMessages({
  'auth.throttled': text<{ seconds: number }>(
    (p) => `too many failed sign-ins; try again in ${p.seconds} s`, (p) => `登录失败次数过多，请 ${p.seconds} 秒后再试`),
  'auth.wrong_credentials': text(() => 'wrong username or password', () => '用户名或密码错误'),
  'auth.busy': text(() => 'too many sign-ins at once; try again in a moment', () => '同时登录的人数过多，请稍后再试'),

  'user.maintainer_needs_firm': text(() => 'a maintainer needs maintenanceFirmId', () => '维保单位用户须指定维保单位（maintenanceFirmId）'),
  'user.use_unit_needs_unit': text(() => 'a use-unit user needs useUnitId', () => '使用单位用户须指定使用单位（useUnitId）'),
  'user.filling_unit_needs_unit': text(() => 'a filling-unit user needs fillingUnitId', () => '充装单位用户须指定充装单位（fillingUnitId）'),
  'user.not_found': text(() => 'no such user', () => '没有这个用户')
})

type UserTexts = typeof USER_MESSAGES
declare module '../platform/messages/key.ts' {
  interface MessageTexts extends UserTexts {}
}
