// 服务工单 service orders: home and community services ordered for older people (record level).
import {sqlFile, type Dataset} from "./types.ts";

export const service_orders: Dataset = {
  name: "service_orders",
  zh: "服务工单",
  fileAliases: ["服务工单", "工单", "服务记录"],
  required: false,
  recordLevel: true,
  columns: [
    {key: "order_id", zh: ["工单编号"], type: "text", required: true},
    {key: "person", zh: ["服务对象", "服务对象身份证号"], type: "person", required: true, personal: true, note: "与老年人信息一样做密钥哈希，两表可关联 / hashed like elders so the two join"},
    {key: "district", zh: ["区县"], type: "district", required: true},
    {key: "facility_id", zh: ["服务机构编码", "机构编码"], type: "text", note: "须为养老服务设施中的机构编码 / must be a facility_id of facilities"},
    {
      key: "service",
      zh: ["服务类型"],
      type: "enum",
      required: true,
      labels: {
        meal: ["助餐"],
        cleaning: ["助洁"],
        bathing: ["助浴"],
        medical: ["助医"],
        emergency: ["助急"],
        mobility: ["助行"],
        visit: ["探访", "探视", "关爱探访"],
        day_care: ["日间照料"],
        rehab: ["康复护理", "康复"],
        other: ["其他"]
      }
    },
    {key: "channel", zh: ["渠道", "下单渠道"], type: "enum", required: true, labels: {app: ["线上", "app", "小程序"], phone: ["电话"], smart_device: ["智能设备"], onsite: ["线下", "现场"]}},
    {key: "ordered_at", zh: ["下单时间"], type: "timestamp", required: true, pastOnly: true},
    {key: "completed_at", zh: ["完成时间"], type: "timestamp", pastOnly: true},
    {key: "status", zh: ["状态", "工单状态"], type: "enum", required: true, labels: {completed: ["已完成", "完成"], cancelled: ["已取消", "取消"], pending: ["进行中", "待完成", "处理中"]}},
    {key: "fee", zh: ["费用", "服务费用"], type: "number", required: true, min: 0},
    {key: "subsidy", zh: ["补贴", "补贴金额"], type: "number", min: 0},
    {key: "rating", zh: ["评价", "满意度"], type: "int", min: 1, max: 5}
  ],
  key: {columns: ["order_id"], sql: ["order_id"], staged: ["order_id"]},
  rules: [
    {column: "completed_at", check: "completed_at is null or ordered_at is null or completed_at >= ordered_at", value: "completed_at__txt", reason: "完成时间早于下单时间 / completed before ordered", level: "reject"},
    {column: "subsidy", check: "subsidy is null or fee is null or subsidy <= fee", value: "subsidy__txt", reason: "补贴大于费用 / subsidy > fee", level: "reject"}
  ],
  checks: {reject: [sqlFile(import.meta.url, "service_orders.unknown-facility.sql")], rowLocal: true},
  // (service, channel, status: about a third of the time of writing the orders into the database as text, at scale 10)
  enumsStaged: true
};
