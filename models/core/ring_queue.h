// A FIFO on a circular buffer that grows by doubling and never shrinks.
//
// Why not std::deque: a deque allocates and frees a block every few hundred bytes of traffic through
// it, so the queues on the per-packet path (switch inputs, flow-control messages, the link's replay
// window) cost a malloc/free pair every few packets for ever. A ring reaches its high-water mark once
// and then moves packets without touching the heap.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace snsim {

template <typename T>
class RingQueue {
 public:
  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }
  T& front() { return items_[head_]; }
  const T& front() const { return items_[head_]; }
  const T& back() const { return items_[(head_ + size_ - 1) & mask_]; }
  // The i-th element from the front.
  const T& operator[](size_t i) const { return items_[(head_ + i) & mask_]; }

  void push_back(const T& value) {
    if (size_ == items_.size()) grow();
    items_[(head_ + size_) & mask_] = value;
    ++size_;
  }
  template <typename... Args>
  void emplace_back(Args&&... args) {
    push_back(T{std::forward<Args>(args)...});
  }
  void pop_front() {
    head_ = (head_ + 1) & mask_;
    --size_;
  }
  void clear() { head_ = size_ = 0; }

 private:
  void grow() {
    std::vector<T> bigger(items_.empty() ? 4 : items_.size() * 2);
    for (size_t i = 0; i < size_; ++i) bigger[i] = std::move(items_[(head_ + i) & mask_]);
    items_.swap(bigger);
    head_ = 0;
    mask_ = items_.size() - 1;
  }

  std::vector<T> items_;  // capacity is a power of two
  size_t head_ = 0, size_ = 0, mask_ = 0;
};

}  // namespace snsim
