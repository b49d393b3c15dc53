#include "tunelab/workloads/alloc/object_pool.h"

#include <algorithm>
#include <array>

namespace tunelab::workloads::alloc {
namespace {

detail::ClassSpec specFor(const ObjectPool::Options& o) {
  const std::size_t alignment = std::max(o.alignment, ObjectPool::kMinAlignment);
  const std::size_t size = std::max(o.blockSize, detail::kMinBlock);
  // The stride is a multiple of the alignment and spans are aligned to at least it, so
  // every block is aligned without padding or a header.
  return {(size + alignment - 1) / alignment * alignment, alignment};
}

}  // namespace

ObjectPool::ObjectPool(Options options)
    : m_blockSize(options.blockSize),
      m_alignment(std::max(options.alignment, kMinAlignment)),
      m_core(std::make_shared<detail::PoolCore>(std::array{specFor(options)})),
      m_id(m_core->id()) {}

ObjectPool::~ObjectPool() = default;

model::Result<std::unique_ptr<ObjectPool>> ObjectPool::create(const AllocatorShape& shape) {
  if (shape.alignment == 0 || (shape.alignment & (shape.alignment - 1)) != 0)
    return model::Error{
        model::ErrorKind::Input,
        "object-pool: alignment " + std::to_string(shape.alignment) + " is not a power of two."};
  return std::make_unique<ObjectPool>(Options{shape.maxSize, shape.alignment});
}

AllocatorStats ObjectPool::stats() const {
  AllocatorStats s;
  s.poolBytes = m_core->spans().spanBytes() + m_fallback.liveBytes();
  s.allocatedBytes = m_core->heldBytes() + m_fallback.liveBytes();
  s.osRequestedBytes = m_core->spans().mappedTotal();
  return s;
}

}  // namespace tunelab::workloads::alloc
