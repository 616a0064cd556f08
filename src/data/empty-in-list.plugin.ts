/**
 * `where(column, 'in', [])` would be sent to PostgreSQL as `in ()`, a syntax error, and answer the
 * person with an error page (the participants page of a review whose services in scope had no
 * organisations once did). Every query passes through this plugin: an empty `in` list becomes
 * a condition that is never true, an empty `not in` list one that is always true, which is what
 * the set comparison means.
 */
import {
  BinaryOperationNode,
  OperationNodeTransformer,
  OperatorNode,
  PrimitiveValueListNode,
  ValueListNode,
  ValueNode,
  type KyselyPlugin,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

function isEmptyList(node: BinaryOperationNode['rightOperand']): boolean {
  return (PrimitiveValueListNode.is(node) && node.values.length === 0) || (ValueListNode.is(node) && node.values.length === 0);
}

class EmptyInListTransformer extends OperationNodeTransformer {
  protected override transformBinaryOperation(node: BinaryOperationNode): BinaryOperationNode {
    const op = node.operator;
    if (OperatorNode.is(op) && (op.operator === 'in' || op.operator === 'not in') && isEmptyList(node.rightOperand)) {
      return BinaryOperationNode.create(ValueNode.createImmediate(1), OperatorNode.create('='), ValueNode.createImmediate(op.operator === 'in' ? 0 : 1));
    }
    return super.transformBinaryOperation(node);
  }
}

export class EmptyInListPlugin implements KyselyPlugin {
  readonly #transformer = new EmptyInListTransformer();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#transformer.transformNode(args.node);
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return args.result;
  }
}
