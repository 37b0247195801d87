<div>ok</div>
